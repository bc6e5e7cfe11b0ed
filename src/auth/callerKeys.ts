// The one encoding of who a caller is, for everything kept per caller: principal ids (which key the rate-limit
// buckets, in memory and in Redis) and idempotency keys. A JSON array of the parts is injective, so no two callers,
// whatever their token names, issuers or subjects hold (':' and '/' included), can ever share a key.

/** A caller's id from what names it: `['token', name]` or `['jwt', issuer, subject]`. */
export const callerId = (kind: 'token' | 'jwt', ...parts: readonly (string | null)[]): string => JSON.stringify([kind, ...parts]);

/** A key a caller chose (an idempotency key), made that caller's own: the same text from another caller is another key. */
export const callerScopedKey = (callerIdentity: string, key: string): string => JSON.stringify([callerIdentity, key]);
