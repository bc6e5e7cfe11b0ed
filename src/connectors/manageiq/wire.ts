// The ManageIQ REST API's payloads (README §2), as zod schemas: collections, VMs and instances, snapshots, action
// results, tasks, the token answer and the error envelope. Objects strip unknown keys, so new server fields never break.
import { z } from 'zod';

/** Ids are digit strings (the normalizer stringifies every id and *_id); older servers sent integers. */
export const wireId = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);

/** ISO 8601 in UTC from the normalizer (`…Z`); a numeric offset is accepted too. */
const timestamp = z.iso.datetime({ offset: true });

/** The normalizer emits nil attributes as JSON null; an attribute not asked for is absent. */
const maybe = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? null);

// ---- snapshots (components.schemas.Snapshot) ----

export const wireSnapshot = z.object({
  href: z.string().optional(),
  id: wireId,
  uid: maybe(z.string()),
  parent_uid: maybe(z.string()),
  name: maybe(z.string()),
  description: maybe(z.string()),
  /** An INTEGER 0/1 in the schema, not a bool; a bool is read the same way. */
  current: maybe(z.union([z.number().int(), z.boolean()])).transform((value) => value === true || value === 1),
  total_size: maybe(z.number()),
  filename: maybe(z.string()),
  create_time: maybe(timestamp),
  disks: maybe(z.string()),
  created_on: maybe(timestamp),
  updated_on: maybe(timestamp),
  parent_id: maybe(wireId),
  vm_or_template_id: maybe(wireId),
  uid_ems: maybe(z.string()),
  ems_ref: maybe(z.string()),
  ems_ref_type: maybe(z.string()),
  type: maybe(z.string()),
});
export type WireSnapshot = z.infer<typeof wireSnapshot>;

// ---- VMs and instances (components.schemas.Vm, plus associations rendered through `attributes=`) ----

export const wireVM = z.object({
  href: z.string().optional(),
  id: wireId,
  name: z.string().optional(),
  vendor: maybe(z.string()),
  type: maybe(z.string()),
  /** "on", "off", "suspended", "paused", "unknown", "never", "terminated", "shelved"… */
  power_state: maybe(z.string()),
  /** The provider's own value ("poweredOn", "SHUTOFF", …). */
  raw_power_state: maybe(z.string()),
  /** True for cloud instances; /api/vms (class Vm) lists them too. */
  cloud: maybe(z.boolean()),
  template: maybe(z.boolean()),
  /** Present when asked for with `attributes=snapshots`. */
  snapshots: z.array(wireSnapshot).optional(),
});
export type WireVM = z.infer<typeof wireVM>;

/** The envelope of every collection and subcollection read (README §2.2). */
const wireCollection = <T extends z.ZodType>(resource: T) =>
  z.object({
    name: z.string(),
    /** Records of the class the user may see in the whole system, NOT per parent for subcollections. */
    count: z.number().int().nonnegative(),
    /** Records in this answer. */
    subcount: z.number().int().nonnegative(),
    subquery_count: z.number().int().nonnegative().optional(),
    /** Only when both offset and limit were given. */
    pages: z.number().int().nonnegative().optional(),
    resources: z.array(resource),
    actions: z.array(z.unknown()).optional(),
    links: z.record(z.string(), z.string()).optional(),
  });

/** Resources without `expand=resources`: hrefs only. */
const wireHrefResource = z.object({ href: z.string() });

export const wireVMCollection = wireCollection(wireVM);
export const wireHrefCollection = wireCollection(wireHrefResource);

// ---- actions ----

/** One action's result: a flat body for a single resource action, an item of `results` for creates and bulks. */
export const wireActionResult = z.object({
  success: z.boolean(),
  message: z.string().optional(),
  task_id: wireId.optional(),
  task_href: z.string().optional(),
  /** Added for resource actions on collections (start, scan…), absent for snapshot actions. */
  href: z.string().optional(),
});
export type WireActionResult = z.infer<typeof wireActionResult>;

/** Create (even of one) and bulk actions answer a list, one result per resource. */
export const wireResults = z.object({ results: z.array(wireActionResult) });

/** Body of POST …/snapshots to create one; only `name` is required. */
export const wireCreateSnapshotRequest = z.object({
  name: z.string(),
  description: z.string().optional(),
  memory: z.boolean().optional(),
});

/** Body of POST …/snapshots/:sid (revert, delete) and of bulk actions (with resources). */
export const wireActionRequest = z.object({
  action: z.string().min(1),
  resources: z.array(z.object({ href: z.string().optional(), id: wireId.optional() })).optional(),
});

// ---- tasks (components.schemas.MiqTask) ----

export const wireTask = z.object({
  href: z.string().optional(),
  id: wireId,
  name: maybe(z.string()),
  /** Initialized | Queued | Waiting_to_start | Active | Finished. */
  state: z.string(),
  /** Ok | Warn | Error | Timeout (Expired is rewritten to Error). */
  status: z.string(),
  message: maybe(z.string()),
  userid: maybe(z.string()),
  created_on: maybe(timestamp),
  updated_on: maybe(timestamp),
  pct_complete: maybe(z.number()),
  started_on: maybe(timestamp),
  zone: maybe(z.string()),
  identifier: maybe(z.string()),
});

// ---- auth and the entry point ----

/** GET /api/auth with Basic credentials. */
export const wireAuthAnswer = z.object({
  auth_token: z.string().min(1),
  /** Seconds; each use of the token renews it. */
  token_ttl: z.number().positive(),
  expires_on: timestamp,
  requester_type: z.string().optional(),
});

/** GET /api: the entry point; only what ping needs. */
export const wireEntryPoint = z.object({
  name: z.string(),
  version: z.string().optional(),
});

// ---- errors ----

/** lib/services/api/error_serializer.rb: kind is the rack status symbol, klass the Ruby exception. */
export const wireError = z.object({
  error: z.object({
    kind: z.string(),
    message: z.string(),
    klass: z.string().optional(),
  }),
});

interface WireErrorInfo {
  /** The envelope's `kind` (a rack status symbol: not_found, bad_request, …); null when the body has none. */
  code: string | null;
  message: string | null;
}

/**
 * The code and message of a non-2xx answer: the error envelope; else a failed create (400 `results`) or action
 * (400 flat result); else nothing but the status (HTML from a proxy, an empty 401, garbage).
 */
export function readWireError(body: unknown): WireErrorInfo {
  const envelope = wireError.safeParse(body);
  if (envelope.success) return { code: envelope.data.error.kind || null, message: envelope.data.error.message };
  const results = wireResults.safeParse(body);
  const failed = results.success ? results.data.results.find((r) => !r.success) : undefined;
  if (failed) return { code: null, message: failed.message ?? null };
  const flat = wireActionResult.safeParse(body);
  if (flat.success && !flat.data.success) return { code: null, message: flat.data.message ?? null };
  return { code: null, message: null };
}
