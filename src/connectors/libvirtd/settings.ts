// The LIBVIRTD backend's settings, all for clones: what the config may give and the connector reads.
import { z } from 'zod';

export const libvirtdSettings = z
  .object({
    /** qemu-img's rate limit for clones, so a copy leaves the host's disks to its domains. */
    cloneBytesPerSecond: z.number().int().positive().optional(),
    /** The storage pool clones go to; the one whose directory holds the snapshot's disk otherwise. */
    clonePool: z.string().min(1).optional(),
  })
  .strict();
export type LibvirtdSettings = z.output<typeof libvirtdSettings>;
