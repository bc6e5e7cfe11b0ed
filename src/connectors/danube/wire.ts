// The Danube Cloud (Erigones) API's payloads (README §4), as zod schemas: the task envelope every view answers, VMs,
// VM definitions with their disks, snapshots, snapshot definitions, task status, the login answer and `{"detail"}` errors.
import { z } from 'zod';


/** `{"status", "result", "task_id"}`: every view, synchronous ones too (with a dummy `…d…` task id). */
export const wireEnvelope = <T extends z.ZodType>(result: T) =>
  z.object({
    status: z.string(),
    result,
    task_id: z.string(),
  });

/** What the `es` CLI prints (the vendor page's examples): `text` is the HTTP body, `status` the HTTP code. */
export const wireEsOutput = z.object({
  url: z.string(),
  status: z.number().int(),
  method: z.string(),
  text: z.unknown(),
});

const nullish = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? null);

// ---- VMs (GET /vm/?full=true; names only without `full`) ----

const wireVM = z.object({
  hostname: z.string().min(1),
  uuid: z.string().optional(),
  alias: nullish(z.string()),
  /** stopped, running, stopping, notready, deploying, frozen, notcreated, stopped-, running-, frozen-, notcreated-, error. */
  status: z.string(),
  node: nullish(z.string()),
  owner: nullish(z.string()),
  vcpus: nullish(z.number()),
  ram: nullish(z.number()),
  /** Total disk size in MiB. */
  disk: nullish(z.number()),
  locked: nullish(z.boolean()),
});
export type WireVM = z.infer<typeof wireVM>;

/** A VM list item: an object with `full=true`, a bare hostname otherwise (the vendor page's example). */
const wireVMItem = z.union([wireVM, z.string().min(1)]);
export const wireVMList = wireEnvelope(z.array(wireVMItem));
export const wireNameList = wireEnvelope(z.array(z.string()));

// ---- VM definitions with disks (GET /vm/define/?full=true) ----

const wireDiskDefine = z.object({
  /** 1-based; absent from older serializers, where the position in the list tells it. */
  disk_id: z.number().int().positive().optional(),
  /** MiB. */
  size: nullish(z.number()),
  image: nullish(z.string()),
  model: nullish(z.string()),
  zpool: nullish(z.string()),
  boot: nullish(z.boolean()),
});
export type WireDiskDefine = z.infer<typeof wireDiskDefine>;

const wireVMDefine = z.object({
  hostname: z.string().min(1),
  uuid: z.string().optional(),
  alias: nullish(z.string()),
  disks: z.array(wireDiskDefine).optional(),
});
export type WireVMDefine = z.infer<typeof wireVMDefine>;
export const wireVMDefineList = wireEnvelope(z.array(wireVMDefine));

// ---- snapshots (SnapshotSerializer) ----

/** 1 ok, 2 pending, 3 rollback, 4 lost. */
export const SNAPSHOT_STATUS = { OK: 1, PENDING: 2, ROLLBACK: 3, LOST: 4 } as const;

const wireSnapshot = z.object({
  hostname: z.string(),
  /** Absent from the vendor page's (older) example, like size and id. */
  vm_uuid: z.string().optional(),
  /** The snapshot definition (schedule) that took it, by name. */
  define: nullish(z.string()),
  name: z.string().min(1),
  disk_id: z.number().int().positive(),
  note: nullish(z.string()),
  /** 1 automatic, 2 manual. */
  type: z.number().int(),
  created: z.iso.datetime({ offset: true }),
  status: z.number().int(),
  /** Bytes. */
  size: nullish(z.number()),
  id: z.union([z.string(), z.number()]).optional(),
});
export type WireSnapshot = z.infer<typeof wireSnapshot>;

/** A snapshot list item: an object with `full=true`, a bare name otherwise. */
const wireSnapshotItem = z.union([wireSnapshot, z.string().min(1)]);
export const wireSnapshotList = wireEnvelope(z.array(wireSnapshotItem));

// ---- snapshot definitions (schedules) ----

const wireSnapshotDefine = z.object({
  hostname: z.string(),
  vm_uuid: z.string().optional(),
  name: z.string().min(1),
  disk_id: z.number().int().positive(),
  desc: nullish(z.string()),
  active: z.boolean(),
  /** UTC cron. */
  schedule: z.string(),
  retention: z.number().int(),
  fsfreeze: z.boolean().optional(),
  /** With `extended=true`. */
  snapshots: z.number().int().optional(),
});
export type WireSnapshotDefine = z.infer<typeof wireSnapshotDefine>;
export const wireSnapshotDefineList = wireEnvelope(z.array(wireSnapshotDefine));
export const wireSnapshotDefineAnswer = wireEnvelope(wireSnapshotDefine);

/** Body of POST/PUT /vm/<h>/define/snapshot/<name>/. */
export const wireSnapshotDefineRequest = z.object({
  disk_id: z.number().int().positive().optional(),
  schedule: z.string().optional(),
  retention: z.number().int().optional(),
  active: z.boolean().optional(),
  desc: z.string().optional(),
  fsfreeze: z.boolean().optional(),
});
export type WireSnapshotDefineRequest = z.infer<typeof wireSnapshotDefineRequest>;

// ---- actions and tasks ----

/** An async task's final result: `{"message", "returncode", "detail"}`; serializer errors are `{field: [msgs]}`. */
const wireTaskResult = z.object({
  message: z.string().optional(),
  returncode: z.number().optional(),
  detail: z.string().optional(),
});

/** Any answer to an action or to /task/<id>/status/: the envelope, whatever the result. */
export const wireTaskEnvelope = wireEnvelope(z.unknown());

/** Body of snapshot actions: POST (create), PUT (rollback, or note only), DELETE (one, or many with snapnames). */
export const wireSnapshotRequest = z.object({
  disk_id: z.number().int().positive().optional(),
  note: z.string().optional(),
  fsfreeze: z.boolean().optional(),
  force: z.boolean().optional(),
  snapnames: z.array(z.string()).optional(),
});
export type WireSnapshotRequest = z.infer<typeof wireSnapshotRequest>;

// ---- auth ----

/** POST /accounts/login/; the vendor page's example shows only `detail` (the CLI keeps the token to itself). */
export const wireLoginAnswer = z.object({
  token: z.string().min(1).optional(),
  /** When the token stops working (AUTHTOKEN_DURATION, an hour from login). */
  expires: z.union([z.string(), z.number()]).nullish(),
  detail: z.string().optional(),
});

export const wireLoginRequest = z.object({ username: z.string(), password: z.string() });

// ---- errors ----

/** Exceptions bypass the envelope (401, 403, 404, 406, 409, 412, 417, 423, 428). */
const wireDetail = z.object({ detail: z.string() });

/** The readable message of a task result: a string, `message` (+ `detail`), or serializer errors by field. */
export function messageOf(result: unknown): string | null {
  if (typeof result === 'string') return result || null;
  const answer = wireTaskResult.safeParse(result);
  if (answer.success && answer.data.message) {
    return answer.data.detail ? `${answer.data.message}: ${answer.data.detail}` : answer.data.message;
  }
  const fields = z.record(z.string(), z.union([z.array(z.string()), z.string()])).safeParse(result);
  if (fields.success && Object.keys(fields.data).length > 0) {
    return Object.entries(fields.data)
      .map(([field, messages]) => `${field}: ${Array.isArray(messages) ? messages.join(' ') : messages}`)
      .join('; ');
  }
  return null;
}

interface WireErrorInfo {
  /** A task envelope's status (FAILURE, …); `{"detail"}` errors carry no code of their own, only the HTTP status. */
  code: string | null;
  message: string;
}

/** The code and message of a non-2xx answer: `{"detail"}`, a FAILURE envelope, or only the status. */
export function readWireError(status: number, body: unknown): WireErrorInfo {
  const detail = wireDetail.safeParse(body);
  if (detail.success) return { code: null, message: detail.data.detail };
  const envelope = wireTaskEnvelope.safeParse(body);
  if (envelope.success) return { code: envelope.data.status, message: messageOf(envelope.data.result) ?? `task ${envelope.data.status}` };
  return { code: null, message: `HTTP ${status}` };
}
