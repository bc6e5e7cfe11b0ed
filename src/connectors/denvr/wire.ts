// The DenvrCloud API's payloads (README §5), as zod schemas: the ASP.NET Boilerplate envelope around every answer
// (or a bare DTO, as the OpenAPI shows), token auth, virtual servers, snapshots and their request bodies.
// Objects strip unknown keys, so new server fields never break.
import { z } from 'zod';

/** Nullable in the OpenAPI (C# reference types): null and absent read the same. */
const maybe = <T extends z.ZodType>(schema: T) => schema.nullish().transform((value) => value ?? null);

// ---- the envelope (§5.1) ----

/** ABP's ErrorInfo: `code` is an int (often 0), `details` and `validationErrors` only on some errors. */
const wireAbpError = z.object({
  code: z.union([z.number(), z.string()]).nullish(),
  message: z.string().nullish(),
  details: z.string().nullish(),
  validationErrors: z
    .array(z.object({ message: z.string().nullish(), members: z.array(z.string()).nullish() }))
    .nullish(),
});
type WireAbpError = z.infer<typeof wireAbpError>;

/** `{result, success, error, targetUrl, unAuthorizedRequest, __abp}`: only `result` or `success` marks one. */
export const wireEnvelope = z.object({
  result: z.unknown().optional(),
  success: z.boolean().optional(),
  error: wireAbpError.nullish(),
  targetUrl: z.string().nullish(),
  unAuthorizedRequest: z.boolean().nullish(),
  __abp: z.boolean().optional(),
});

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** No DTO the connector reads has a `result` or `success` key, so either one marks the envelope. */
const isEnvelope = (body: unknown): boolean => isRecord(body) && ('result' in body || 'success' in body);

type Unwrapped = { ok: true; result: unknown } | { ok: false; code: string | null; message: string };

/** The error message with ABP's details and validation messages, which say what was wrong. */
function errorText(error: WireAbpError): string {
  const parts = [error.message, error.details, ...(error.validationErrors ?? []).map((v) => v.message)]
    .map((part) => part?.trim() ?? '')
    .filter((part, i, all) => part !== '' && all.indexOf(part) === i);
  return parts.join(': ');
}

/** A code worth carrying: ABP sends 0 when it has none. */
const codeOf = (code: number | string | null | undefined): string | null =>
  code === null || code === undefined || code === 0 || code === '' ? null : String(code);

/**
 * The payload of an answer: the envelope's `result`, or the body itself when it is a bare DTO; a failure when the
 * envelope says `success: false` or carries an error with a message and no result (go-denvr's test envelope has
 * `success: true` beside `error: {code: 0, message: ""}`, which is no error).
 */
export function unwrap(body: unknown): Unwrapped {
  if (!isEnvelope(body)) return { ok: true, result: body };
  const envelope = wireEnvelope.safeParse(body);
  if (!envelope.success) return { ok: true, result: body };
  const { result, success, error } = envelope.data;
  const text = error ? errorText(error) : '';
  if (success === false || (success === undefined && (result === null || result === undefined) && text !== '')) {
    return { ok: false, code: codeOf(error?.code), message: text || 'the request failed' };
  }
  return { ok: true, result: result ?? null };
}

interface WireErrorInfo {
  /** The envelope's error.code; null when it sent none (or 0). */
  code: string | null;
  message: string;
}

/** A non-2xx answer's code and message: the envelope's error when there is one, else only the status. */
export function readWireError(status: number, body: unknown): WireErrorInfo {
  const unwrapped = unwrap(body);
  if (!unwrapped.ok) return { code: unwrapped.code, message: unwrapped.message };
  return { code: null, message: `HTTP ${status}` };
}

// ---- auth (§5.2) ----

/** POST /api/TokenAuth/Authenticate. */
export const wireAuthenticateRequest = z.object({
  userNameOrEmailAddress: z.string(),
  password: z.string(),
  twoFactorVerificationCode: z.string().nullish(),
  rememberClient: z.boolean().nullish(),
  singleSignIn: z.string().nullish(),
  returnUrl: z.string().nullish(),
  captchaResponse: z.string().nullish(),
});

export const wireAuthenticateResult = z.object({
  accessToken: z.string().min(1),
  encryptedAccessToken: z.string().nullish(),
  expireInSeconds: z.number().positive(),
  refreshToken: maybe(z.string()),
  refreshTokenExpireInSeconds: maybe(z.number()),
  userId: z.number().nullish(),
});

/** GET /api/TokenAuth/RefreshToken?refreshToken=. */
export const wireRefreshTokenResult = z.object({
  accessToken: z.string().min(1),
  encryptedAccessToken: z.string().nullish(),
  expireInSeconds: z.number().positive(),
});

// ---- virtual servers (§5.3) ----

/**
 * VirtualServerDetailsItem. Casing is mixed on the wire (`tenancy_name` beside `privateIp`), and the SDK's printed
 * outputs snake_case every top-level key: only what the connector reads is required, and both spellings are kept.
 */
export const wireServer = z.object({
  /** The VM's name. */
  id: z.string().min(1),
  namespace: z.string().min(1),
  cluster: maybe(z.string()),
  /** PLANNED, PENDING, PENDING_RESOURCES, PENDING_READINESS, ONLINE, OFFLINE; "na" right after create. */
  status: maybe(z.string()),
  username: maybe(z.string()),
  tenancy_name: maybe(z.string()),
  rpool: maybe(z.string()),
  configuration: maybe(z.string()),
  /** GB. */
  storage: maybe(z.number()),
  gpu_type: maybe(z.string()),
  gpus: maybe(z.number()),
  vcpus: maybe(z.number()),
  /** GB. */
  memory: maybe(z.number()),
  ip: maybe(z.string()),
  privateIp: maybe(z.string()),
  private_ip: maybe(z.string()),
  image: maybe(z.string()),
  storageType: maybe(z.string()),
  storage_type: maybe(z.string()),
  /** A string, not a number. */
  rootDiskSize: maybe(z.union([z.string(), z.number()])),
  lastUpdated: maybe(z.string()),
});
export type WireServer = z.infer<typeof wireServer>;

/** ABP's ListResultDto: `items` (nullable in the OpenAPI) and no paging at all. */
export const wireListResult = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item).nullish().transform((items) => items ?? []) });

export const wireServerList = wireListResult(wireServer);

// ---- snapshots (§5.4) ----

/** SnapshotDetailsItem: no cluster (the request names it), `id` is the snapshot's name, `sourceName` its VM's. */
export const wireSnapshot = z.object({
  id: z.string().min(1),
  namespace: maybe(z.string()),
  sourceName: maybe(z.string()),
  osImage: maybe(z.string()),
  customPackage: maybe(z.string()),
  rootDiskSize: maybe(z.union([z.string(), z.number()])),
  /** date-time; .NET may omit the offset or send seven fractional digits, so it is read leniently. */
  creationDate: maybe(z.string()),
  username: maybe(z.string()),
  tenancyName: maybe(z.string()),
  /** A non-nullable bool in the OpenAPI; absent reads as not ready. */
  readyToUse: z.boolean().nullish().transform((ready) => ready ?? false),
});
export type WireSnapshot = z.infer<typeof wireSnapshot>;

export const wireSnapshotList = wireListResult(wireSnapshot);

/** CreateSnapshotInput: cluster and namespace required (minLength 1). */
export const wireCreateSnapshotRequest = z.object({
  name: z.string().nullish(),
  namespace: z.string().min(1),
  cluster: z.string().min(1),
  sourceVMName: z.string().nullish(),
});

/** SnapshotCommandOutput: the 202 of DeleteSnapshot. */
export const wireSnapshotCommandOutput = z.object({ id: maybe(z.string()) });

// ---- reading values ----

/** A .NET date-time as a Date: no offset means UTC (DateTime of kind Unspecified); extra fraction digits are cut. */
export function dateOf(text: string | null): Date | null {
  if (text === null) return null;
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(text.trim());
  if (!match) return null;
  const date = new Date(`${match[1]}T${match[2]}${(match[3] ?? '').slice(0, 4)}${match[4] ?? 'Z'}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

const UNITS: Record<string, number> = {
  '': 1024 ** 3,
  k: 1e3,
  m: 1e6,
  g: 1e9,
  t: 1e12,
  ki: 1024,
  mi: 1024 ** 2,
  gi: 1024 ** 3,
  ti: 1024 ** 4,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/**
 * rootDiskSize in bytes: a Kubernetes quantity ("100Gi") or a number with a unit; a bare number is GiB [INF: the
 * servers' sizes are whole GB]. Null when unreadable.
 */
export function bytesOf(size: string | number | null): number | null {
  if (size === null) return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(size));
  const unit = match ? UNITS[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || unit === undefined) return null;
  return Math.round(Number(match[1]) * unit);
}
