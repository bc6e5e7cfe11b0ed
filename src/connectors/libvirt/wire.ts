// The libgo (libvirt REST) server's own payloads, as zod schemas: what the code sends, plus the looser shapes of its docs.
// zod objects strip unknown keys instead of rejecting them, so fields a newer server adds never break parsing.
import { z } from 'zod';

/** RFC 3339 with `Z` or a numeric offset: the server formats times in its own time zone (e.g. `-04:00`). */
const timestamp = z.iso.datetime({ offset: true });

/** Go marshals a nil slice as `null`; read it as an empty list. */
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((items) => items ?? []);

// ---- snapshots (snake_case) ----

const wireSnapshot = z.object({
  created_at: timestamp,
  name: z.string().min(1),
  /** omitempty: absent when empty. */
  description: z.string().optional(),
  state: z.string(),
  /** omitempty: absent for a root; the doc's create sample sends "" for none. */
  parent: z.string().optional(),
  is_current: z.boolean(),
  /** Always sent by the server, missing from the doc's list sample. */
  has_metadata: z.boolean().optional(),
  has_memory: z.boolean(),
  has_disk: z.boolean(),
});
export type WireSnapshot = z.infer<typeof wireSnapshot>;

export const wireSnapshotAnswer = z.object({ snapshot: wireSnapshot });

export const wireSnapshotList = z.object({
  snapshots: list(wireSnapshot),
  count: z.number().int().nonnegative(),
});

/** Body of POST …/snapshots; `name` is gin `binding:"required"`. */
export const wireCreateSnapshotRequest = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  include_memory: z.boolean().optional(),
  quiesce: z.boolean().optional(),
});
export type WireCreateSnapshotRequest = z.infer<typeof wireCreateSnapshotRequest>;

/** Answer of revert and delete. */
export const wireActionAnswer = z.object({
  success: z.boolean(),
  message: z.string().optional(),
});

// ---- VMs (camelCase in the code; the demo doc's snake_case variants are accepted too) ----

const wireDisk = z.object({
  path: z.string(),
  format: z.string().optional(),
  bus: z.string().optional(),
  sizeBytes: z.number().nonnegative().optional(),
  device: z.string().optional(),
  serial: z.string().optional(),
  storagePool: z.string().optional(),
  poolName: z.string().optional(),
  volumeName: z.string().optional(),
  readOnly: z.boolean().optional(),
  bootable: z.boolean().optional(),
  shareable: z.boolean().optional(),
});
export type WireDisk = z.infer<typeof wireDisk>;

const wireNetwork = z.object({
  type: z.string().optional(),
  source: z.string().optional(),
  model: z.string().optional(),
  macAddress: z.string().optional(),
  ipAddress: z.string().optional(),
  ipAddressV6: z.string().optional(),
});

const wireVM = z.object({
  name: z.string().min(1),
  uuid: z.string().optional(),
  description: z.string().optional(),
  /** Missing in the demo doc's list. */
  disks: list(wireDisk),
  networks: list(wireNetwork),
  createdAt: timestamp.optional(),
  /** The demo doc's spelling. */
  created_at: timestamp.optional(),
  status: z.string(),
  cpu: z
    .object({
      count: z.number().optional(),
      model: z.string().optional(),
      sockets: z.number().optional(),
      cores: z.number().optional(),
      threads: z.number().optional(),
    })
    .optional(),
  memory: z
    .object({
      sizeBytes: z.number().optional(),
      sizeMB: z.number().optional(),
      /** The demo doc's spelling. */
      size_bytes: z.number().optional(),
    })
    .optional(),
});
export type WireVM = z.infer<typeof wireVM>;

export const wireVMList = z.object({
  vms: list(wireVM),
  /** Total over all pages. */
  count: z.number().int().nonnegative(),
  /** omitempty in the code, absent in the demo doc. */
  pageSize: z.number().int().positive().optional(),
  page: z.number().int().positive().optional(),
});

/** GET /api/v1/vms/:name: a missing VM is 200 `{"vm": null}`. */
export const wireVMAnswer = z.object({ vm: wireVM.nullable() });

// ---- auth and health ----

const wireUser = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  username: z.string().optional(),
  email: z.string().optional(),
  roles: list(z.string()),
  active: z.boolean().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

/** Answer of POST /api/v1/auth/login and /api/v1/auth/refresh. */
export const wireLoginAnswer = z.object({
  expiresAt: timestamp,
  user: wireUser.optional(),
  token: z.string().min(1),
});

/** The demo doc's `{status:"up",time}`; the code's health checker sends `{status:"UP",checks,version,…}`. */
export const wireHealth = z.object({
  status: z.string(),
  time: z.string().optional(),
});

// ---- errors ----

/** What the server really sends (error_handler.go and the JWT middleware). */
export const wireFlatError = z.object({
  status: z.number().int().optional(),
  code: z.string(),
  message: z.string(),
});

/** What API-DOC.md documents (never sent by the code, kept for older or other builds). */
export const wireNestedError = z.object({
  error: z.object({
    code: z.string().optional(),
    message: z.string(),
  }),
});

/** Anything else with a message (e.g. a proxy in front of the server). */
const wireMessageOnly = z.object({ message: z.string() });

interface WireErrorInfo {
  code: string | null;
  message: string;
}

/** The code and message of an error body in either shape; null when the body carries none (HTML, text, empty). */
export function readWireError(body: unknown): WireErrorInfo | null {
  const flat = wireFlatError.safeParse(body);
  if (flat.success) return { code: flat.data.code, message: flat.data.message };
  const nested = wireNestedError.safeParse(body);
  if (nested.success) return { code: nested.data.error.code ?? null, message: nested.data.error.message };
  const bare = wireMessageOnly.safeParse(body);
  return bare.success ? { code: null, message: bare.data.message } : null;
}
