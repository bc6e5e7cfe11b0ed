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
  vm: t.field({ type: VMRef, nullable: true, resolve: (record, _args, ctx) => vmAt(ctx, record) }),
  drive: t.field({ type: DriveRef, nullable: true, resolve: (record, _args, ctx) => driveAt(ctx, record) }),
});
