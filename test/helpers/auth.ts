// Test kit for gateways with auth: static tokens (the config keeps their SHA-256), Bearer headers, and JWTs signed
// with a test key pair whose public half a gateway verifies with (auth.jwt.publicKeyEnv).
import { createHash, randomBytes } from 'node:crypto';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

export const newToken = (): string => randomBytes(24).toString('base64url');
export const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');
export const bearer = (token: string): { authorization: string } => ({ authorization: `Bearer ${token}` });

export const TEST_ISSUER = 'https://idp.example';
export const TEST_AUDIENCE = 'snapshot-gateway';

export interface KeyPair {
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

export const rsaKeys = (): Promise<KeyPair> => generateKeyPair('RS256');

/** What start options need to verify tokens of `keys` with their public key. */
export const jwtSecrets = async (keys: KeyPair): Promise<{ jwtKey: string }> => ({ jwtKey: await exportSPKI(keys.publicKey) });

/** Registered claims of a test token; `null` leaves a claim out. Times are seconds since the epoch. */
export interface TestClaims {
  sub?: string | null;
  iss?: string | null;
  aud?: string | null;
  iat?: number | null;
  exp?: number | string | null;
  kid?: string;
}

/** A token signed with `key`: alice of the test issuer, issued now, expiring in 5 minutes, unless `claims` say else. */
export function signJwt(key: CryptoKey, custom: Record<string, unknown>, claims: TestClaims = {}): Promise<string> {
  const jwt = new SignJWT(custom).setProtectedHeader({ alg: 'RS256', kid: claims.kid ?? 'key-1' });
  const sub = claims.sub === undefined ? 'alice' : claims.sub;
  const iss = claims.iss === undefined ? TEST_ISSUER : claims.iss;
  const aud = claims.aud === undefined ? TEST_AUDIENCE : claims.aud;
  const exp = claims.exp === undefined ? '5m' : claims.exp;
  if (sub !== null) jwt.setSubject(sub);
  if (iss !== null) jwt.setIssuer(iss);
  if (aud !== null) jwt.setAudience(aud);
  if (claims.iat !== null) jwt.setIssuedAt(claims.iat);
  if (exp !== null) jwt.setExpirationTime(exp);
  return jwt.sign(key);
}
