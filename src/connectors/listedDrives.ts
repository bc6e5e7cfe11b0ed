// The drives slice of a backend that lists all its drives in one read: by key and under VMs come from that listing.
import type { DriveRecord, SnapshotRecord } from '../domain/model.js';
import type { DriveSlice } from './connector.js';
import { byKeys, underVMs } from './keys.js';

export function listedDrives(options: {
  driveSnapshots: boolean;
  listDrives(): Promise<DriveRecord[]>;
  listSnapshotsOfDrives(driveKeys: readonly string[]): Promise<SnapshotRecord[]>;
}): DriveSlice {
  const { listDrives } = options;
  return {
    driveSnapshots: options.driveSnapshots,
    listDrives,
    listDrivesOfVMs: (vmKeys) => underVMs(vmKeys, listDrives),
    getDrives: (keys) => byKeys(keys, listDrives),
    listSnapshotsOfDrives: (driveKeys) => options.listSnapshotsOfDrives(driveKeys),
  };
}
