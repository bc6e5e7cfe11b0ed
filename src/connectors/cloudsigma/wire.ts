// The CloudSigma API 2.0 payloads (README §3), as zod schemas: list envelopes, servers, drives, snapshots, jobs,
// request bodies and the error array. Objects strip unknown keys, so new server fields never break.
import { z } from 'zod';

/** `{resource_uri, uuid}`: how CloudSigma points at another resource. */
const wireRef = z.object({ resource_uri: z.string().optional(), uuid: z.string().min(1) });

/** A reference as a uuid: the server answers refs, requests (and some SDKs) send the bare uuid. */
const refUuid = z.union([z.string().min(1), wireRef]).transform((ref) => (typeof ref === 'string' ? ref : ref.uuid));

/**
 * "2014-06-05 09:53:28.851859+00:00": a space, not ISO's `T` (the captures); the vendor's schema examples use `T`
 * and sometimes no offset (taken as UTC). Anything else is rejected rather than read as a wrong time.
 */
const wireTimestamp = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/, 'not a CloudSigma timestamp');

/** The Date of a CloudSigma timestamp; microseconds are cut to what Date holds. */
export function dateOfTimestamp(text: string): Date | null {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!match) return null;
  const fraction = (match[3] ?? '').slice(0, 4);
  const date = new Date(`${match[1]}T${match[2]}${fraction}${match[4] ?? 'Z'}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** User key/values; the API takes any JSON, the gateway shows them as strings. */
const wireMeta = z.record(z.string(), z.unknown());

// ---- list envelope (general.rst, pagination.rst) ----

const wireListMeta = z.object({
  /** 0 when all were asked for. */
  limit: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  total_count: z.number().int().nonnegative(),
});

export const wireList = <T extends z.ZodType>(item: T) => z.object({ meta: wireListMeta, objects: z.array(item) });

// ---- snapshots (§3.2) ----

export const wireSnapshot = z.object({
  uuid: z.string().min(1),
  /** Auto-generated "<drive-uuid>__YYYY-MM-DD__HH_MM_SS" when none was given. */
  name: z.string().nullish(),
  drive: refUuid,
  /** "creating" → "available" (the only values observed). */
  status: z.string(),
  /** null while creating. */
  allocated_size: z.number().nullish(),
  meta: wireMeta.nullish(),
  timestamp: wireTimestamp.nullish(),
  resource_uri: z.string().optional(),
  owner: wireRef.nullish(),
  tags: z.array(z.unknown()).optional(),
  /** Absent in the 2014-01 capture. */
  grantees: z.array(z.unknown()).optional(),
  permissions: z.array(z.unknown()).optional(),
});
export type WireSnapshot = z.infer<typeof wireSnapshot>;
export const wireSnapshotList = wireList(wireSnapshot);
/** POST /snapshots/ answers 201 with the created objects (the call is bulk-capable). */
export const wireSnapshotObjects = z.object({ objects: z.array(wireSnapshot) });

// ---- drives (§3.5) ----

export const wireDrive = z.object({
  uuid: z.string().min(1),
  /** Absent from the plain (reduced) list, present in every detail answer. */
  name: z.string().nullish(),
  size: z.number().nullish(),
  /** creating, unmounted, mounted, cloning_dst, resizing (seen); unavailable, uploading (docs). */
  status: z.string(),
  media: z.string().nullish(),
  storage_type: z.string().nullish(),
  meta: wireMeta.nullish(),
  mounted_on: z.array(wireRef).nullish(),
  jobs: z.array(wireRef).nullish(),
  snapshots: z.array(wireRef).nullish(),
  /** A string, except in the clone answer, where the real server sends a ref object. */
  resource_uri: z.union([z.string(), wireRef]).optional(),
  owner: wireRef.nullish(),
  runtime: z
    .object({ is_snapshotable: z.boolean().nullish(), snapshots_allocated_size: z.number().nullish(), storage_type: z.string().nullish() })
    .nullish(),
});
export type WireDrive = z.infer<typeof wireDrive>;
export const wireDriveList = wireList(wireDrive);
export const wireDriveObjects = z.object({ objects: z.array(wireDrive) });

// ---- servers (§3.5) ----

const wireServerDrive = z.object({
  boot_order: z.number().int().nullish(),
  dev_channel: z.string().nullish(),
  device: z.string().nullish(),
  drive: refUuid,
});

const wireServer = z.object({
  uuid: z.string().min(1),
  name: z.string().nullish(),
  /** stopped, running (seen); starting, stopping, paused, unavailable (docs). */
  status: z.string(),
  /** Absent from the plain (reduced) list. */
  drives: z.array(wireServerDrive).nullish(),
  resource_uri: z.string().optional(),
  owner: wireRef.nullish(),
  meta: wireMeta.nullish(),
});
export type WireServer = z.infer<typeof wireServer>;
export const wireServerList = wireList(wireServer);

// ---- jobs (§3.4, jobs.rst) ----

export const wireJob = z.object({
  uuid: z.string().min(1),
  /** "started" while it runs, "success" at the end; a failed job's state is not documented (see the connector). */
  state: z.string(),
  operation: z.string().nullish(),
  /** progress 0..100; "100 means the job has finished". */
  data: z.record(z.string(), z.unknown()).nullish(),
  resources: z.array(z.string()).nullish(),
  children: z.array(z.unknown()).nullish(),
  created: wireTimestamp.nullish(),
  last_modified: wireTimestamp.nullish(),
  resource_uri: z.string().optional(),
});
export type WireJob = z.infer<typeof wireJob>;

// ---- request bodies (what the connector sends, what the simulator accepts) ----

export const wireCreateSnapshotsRequest = z.object({
  objects: z.array(z.object({ drive: refUuid, name: z.string().optional(), meta: wireMeta.optional() })).min(1),
});
export type WireCreateSnapshotsRequest = z.input<typeof wireCreateSnapshotsRequest>;

/** PUT /snapshots/{uuid}/: the drive is required by the schema; name and meta replace the old ones. */
export const wireUpdateSnapshotRequest = z.object({ drive: refUuid, name: z.string().nullish(), meta: wireMeta.optional() });

/** DELETE /snapshots/ (bulk, [V-doc]). */
export const wireBulkDeleteRequest = z.object({ objects: z.array(z.object({ uuid: z.string().min(1) })).min(1) });

/** POST /snapshots/{uuid}/action/?do=clone: every key optional, the body itself too. */
export const wireCloneRequest = z.object({
  name: z.string().optional(),
  media: z.string().optional(),
  affinities: z.array(z.string()).optional(),
});

/** PUT /drives/{uuid}/: name, size and media are required by the drive schema. */
export const wireUpdateDriveRequest = z.object({
  name: z.string(),
  size: z.number(),
  media: z.string(),
  meta: wireMeta.optional(),
});

// ---- errors (§3.6) ----

const wireErrorItem = z.object({
  error_point: z.string().nullish(),
  /** validation, notexist, backend, permission, database, concurrency, billing, payment. */
  error_type: z.string(),
  error_message: z.string(),
});
export const wireErrors = z.array(wireErrorItem).min(1);

interface WireErrorInfo {
  /** The first item's error_type; null when the body is no error array. */
  code: string | null;
  message: string;
}

/** A non-2xx answer: the first item of the error array; else only the status (an empty 401, HTML, garbage). */
export function readWireError(status: number, body: unknown): WireErrorInfo {
  const parsed = wireErrors.safeParse(body);
  const first = parsed.success ? parsed.data[0] : undefined;
  if (first) {
    // Several errors (one per field, say) are joined; one error is its message as sent.
    const messages = parsed.success ? parsed.data.map((e) => e.error_message) : [];
    return { code: first.error_type, message: messages.join('; ') };
  }
  return { code: null, message: `HTTP ${status}` };
}
