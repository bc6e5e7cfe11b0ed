// The `vm` and `drive` fields of the types whose records name them by key (Snapshot, SnapshotSchedule).
import type { BuilderTypes } from '../builder.js';
import { driveAt, vmAt } from '../lookup.js';
import { DriveRef, VMRef } from '../refs.js';

interface Placed {
  backend: string;
  vmKey: string | null;
  driveKey: string | null;
}

export const placementFields = <T extends Placed>(t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, T>) => ({
  vm: t.field({ type: VMRef, nullable: true, description: 'The VM it belongs to; null where it is of a drive alone, or its VM is gone.', resolve: (record, _args, ctx) => vmAt(ctx, record) }),
  drive: t.field({ type: DriveRef, nullable: true, description: 'The drive it is of, where it is of one drive; null otherwise.', resolve: (record, _args, ctx) => driveAt(ctx, record) }),
});
