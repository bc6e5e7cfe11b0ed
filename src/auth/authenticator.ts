// Authentication: turns the credential of a request (HTTP Authorization header, or graphql-ws connectionParams)
// into a Principal: a Bearer JWT verified with jose (JWKS URL, public key or shared secret), or a static API token
// from the config, which holds only its SHA-256.
import { createHash, timingSafeEqual } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, errors as joseErrors, importSPKI, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ANONYMOUS, GRANT_PATTERN, isScope, parseGrants, type Principal, type Scope } from './principal.js';
import type { AuthConfig, JwtConfig } from './config.js';
import { callerId } from './callerKeys.js';

/** The client's to fix: no credential, or one that does not verify. HTTP 401 with a Bearer challenge. */
function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
  });
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The secrets auth needs, read from the environment variables the config names. */
export interface AuthSecrets {
  jwtKey?: string;
}

interface StaticToken {
  hash: Buffer;
  principal: Principal;
}

export class Authenticator {
  /** Whether credentials are required; without any configured, every caller is the anonymous lab user. */
  readonly required: boolean;
  private readonly tokens: StaticToken[];
  private readonly jwt: { config: JwtConfig; key: VerificationKey } | null;

  private constructor(config: AuthConfig | undefined, key: VerificationKey | null) {
    this.tokens = (config?.tokens ?? []).map((token) => ({
      hash: Buffer.from(token.sha256, 'hex'),
      principal: { id: callerId('token', token.name), scopes: new Set(token.scopes), grants: parseGrants(token.backends), anonymous: false },
    }));
    this.jwt = config?.jwt && key ? { config: config.jwt, key } : null;
    this.required = this.tokens.length > 0 || this.jwt !== null;
  }

  /** Imports the JWT key first, so a bad key stops the gateway at start rather than failing every request. */
  static async create(config: AuthConfig | undefined, secrets: AuthSecrets = {}): Promise<Authenticator> {
    return new Authenticator(config, config?.jwt ? await verificationKey(config.jwt, secrets) : null);
  }

  /** The caller behind `authorization` (`Bearer <token>`), or an UNAUTHENTICATED error saying what is wrong. */
  async authenticate(authorization: string | null | undefined): Promise<Principal> {
    if (!this.required) return ANONYMOUS;
    if (!authorization) throw unauthenticated('authentication required: send Authorization: Bearer <token>');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) throw unauthenticated('the Authorization header must be: Bearer <token>');
    const token = match[1];
    const hash = sha256(token);
    for (const candidate of this.tokens) if (timingSafeEqual(candidate.hash, hash)) return candidate.principal;
    if (this.jwt && token.split('.').length === 3) return this.verifyJwt(this.jwt.config, this.jwt.key, token);
    throw unauthenticated('the token is not valid');
  }

  private async verifyJwt(config: JwtConfig, key: VerificationKey, token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      const options = { issuer: config.issuer, audience: config.audience, algorithms: config.algorithms, clockTolerance: config.clockToleranceSeconds };
      // jose overloads jwtVerify on the key's type: a key set (function) or a key.
      payload = (typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options)).payload;
    } catch (error) {
      throw unauthenticated(jwtProblem(error));
    }
    const subject = payload.sub ?? '';
    if (subject === '') throw unauthenticated('the token has no subject (sub)');
    const lifetime = lifetimeProblem(config, payload);
    if (lifetime) throw unauthenticated(lifetime);
    return {
      id: callerId('jwt', payload.iss ?? null, subject),
      scopes: scopesOf(payload[config.scopesClaim]),
      grants: parseGrants(grantsOf(payload[config.backendsClaim])),
      anonymous: false,
    };
  }
}

/**
 * Why a verified token lives too long, if it does: no exp where one is required, or exp further from its issue (or,
 * without iat or with one in the future, from now) than the configured bound. jose has already refused an expired one.
 */
function lifetimeProblem(config: JwtConfig, payload: JWTPayload): string | null {
  if (payload.exp === undefined) return config.requireExp ? 'the token has no expiry (exp claim), and this gateway accepts only tokens that expire' : null;
  const now = Math.floor(Date.now() / 1000);
  const issued = payload.iat === undefined ? now : Math.min(payload.iat, now);
  const lifetime = payload.exp - issued;
  if (lifetime <= config.maxLifetimeSeconds) return null;
  const from = payload.iat === undefined ? 'now (it has no iat)' : payload.iat > now ? 'now (its iat is in the future)' : 'its issue (iat)';
  return `the token lives ${lifetime} s from ${from} to its expiry (exp), longer than the ${config.maxLifetimeSeconds} s this gateway accepts`;
}

/** Says why a JWT was refused without echoing it. */
function jwtProblem(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'the token is signed with a key this gateway does not know';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return "the token's algorithm is not accepted";
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return 'the key set to verify tokens is unavailable';
  return 'the token is not valid';
}

/** OAuth-style `scope` (space-separated) or an array; unknown scopes are ignored. */
function scopesOf(claim: unknown): Set<Scope> {
  const values = typeof claim === 'string' ? claim.split(/\s+/) : Array.isArray(claim) ? claim : [];
  return new Set(values.filter((v): v is Scope => typeof v === 'string' && isScope(v)));
}

/** Grant entries of a claim (`*`, `<backend>`, `<backend>/<namespace>`); malformed entries grant nothing. */
function grantsOf(claim: unknown): string[] {
  const values = typeof claim === 'string' ? claim.split(/\s+/) : Array.isArray(claim) ? claim : [];
  return values.filter((v): v is string => typeof v === 'string' && GRANT_PATTERN.test(v));
}

type VerificationKey = JWTVerifyGetKey | Uint8Array | CryptoKey;

async function verificationKey(config: JwtConfig, secrets: AuthSecrets): Promise<VerificationKey> {
  // The key set is fetched on first use and cached; a token with an unknown kid refetches it (at most every 30 s).
  if (config.jwksUrl) return createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 });
  const material = secrets.jwtKey;
  if (!material) throw new Error('auth.jwt: the key is missing');
  if (config.publicKeyEnv) {
    try {
      return await importSPKI(material, config.algorithms[0] ?? 'RS256');
    } catch (error) {
      throw new Error(`auth.jwt.publicKeyEnv: ${config.publicKeyEnv} does not hold a PEM public key for ${config.algorithms[0] ?? 'RS256'} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return new TextEncoder().encode(material);
}
