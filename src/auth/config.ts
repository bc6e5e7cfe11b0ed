// The `auth` and `rateLimit` sections of the config file: JWT verification, static API tokens (SHA-256 only),
// and whether a gateway on a non-loopback address may run without either.
import { z } from 'zod';
import { GRANT_PATTERN, SCOPES } from './principal.js';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable');
const grants = z.array(z.string().regex(GRANT_PATTERN, "each must be '*', '<backend>' or '<backend>/<namespace>'")).min(1);

const jwtSchema = z
  .object({
    /** Where the issuer publishes its keys (fetched on first use, cached). */
    jwksUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    /** Or an environment variable holding a PEM public key (SPKI) … */
    publicKeyEnv: envName.optional(),
    /** … or one holding a shared secret (HS256/384/512). */
    secretEnv: envName.optional(),
    algorithms: z.array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'HS256', 'HS384', 'HS512'])).min(1).optional(),
    issuer: z.string().min(1).optional(),
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** The claim with the scopes: a space-separated string (OAuth `scope`) or an array. */
    scopesClaim: z.string().min(1).default('scope'),
    /** The claim with the grants: `*`, `<backend>` or `<backend>/<namespace>` entries. */
    backendsClaim: z.string().min(1).default('backends'),
    clockToleranceSeconds: z.number().int().min(0).max(300).default(5),
    /** Refuse a token without an expiry (exp): one that never expires is a credential that can never be revoked. */
    requireExp: z.boolean().default(true),
    /** The longest lifetime accepted: exp − iat (counted from now when iat is absent or in the future). */
    maxLifetimeSeconds: z.number().int().min(60).max(31_536_000).default(86_400),
  })
  .strict()
  .refine((jwt) => [jwt.jwksUrl, jwt.publicKeyEnv, jwt.secretEnv].filter((v) => v !== undefined).length === 1, {
    error: 'give exactly one of jwksUrl, publicKeyEnv or secretEnv',
  })
  .transform((jwt) => ({
    ...jwt,
    // Asymmetric by default; HMAC only with a shared secret, so a public key can never be used as an HMAC secret.
    algorithms: jwt.algorithms ?? (jwt.secretEnv ? ['HS256' as const] : ['RS256' as const, 'ES256' as const, 'EdDSA' as const]),
  }));

const tokenSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, 'must be 1-63 letters, digits, dot, dash or underscore'),
    /** SHA-256 of the token, in hex (`npm run token` makes a token and prints this). The token itself is never stored. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits (the SHA-256 of the token)'),
    scopes: z.array(z.enum(SCOPES)).min(1),
    backends: grants.default(['*']),
  })
  .strict();

export const authSchema = z
  .object({
    jwt: jwtSchema.optional(),
    tokens: z.array(tokenSchema).default([]),
    /** Lets a gateway bound to a non-loopback address run without authentication. */
    insecure: z.boolean().default(false),
  })
  .strict()
  .refine((auth) => new Set(auth.tokens.map((t) => t.name)).size === auth.tokens.length, { error: 'token names must be unique', path: ['tokens'] });

export const rateLimitSchema = z
  .object({
    /** Mutations each authenticated caller may send per minute, sustained … */
    mutationsPerMinute: z.number().int().min(1).max(1_000_000).default(120),
    /** … and at once after a quiet spell. */
    burst: z.number().int().min(1).max(1_000_000).default(60),
  })
  .strict();

export type AuthConfig = z.output<typeof authSchema>;
export type JwtConfig = z.output<typeof jwtSchema>;
export type RateLimitConfig = z.output<typeof rateLimitSchema>;
