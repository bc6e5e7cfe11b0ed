// The tokens a simulator issued: each lives its lifetime on the simulator's clock, renews on use if the API says
// so, and can be expired or revoked by a test; the store counts what it issued (a simulator's loginCount).
import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';

/** What a token presented to the simulator is. */
type TokenState = 'valid' | 'expired' | 'unknown';

export class TokenStore {
  private readonly tokens = new Map<string, { expiresAt: number; ttlMs: number }>();
  private issued = 0;

  constructor(private readonly clock: Clock) {}

  /** A new token (random hex unless given) valid for `ttlMs` from now. */
  issue(ttlMs: number, token: string = randomBytes(16).toString('hex')): { token: string; expiresAt: number } {
    const expiresAt = this.clock.now() + ttlMs;
    this.tokens.set(token, { expiresAt, ttlMs });
    this.issued++;
    return { token, expiresAt };
  }

  state(token: string | undefined): TokenState {
    const entry = token === undefined ? undefined : this.tokens.get(token);
    if (!entry) return 'unknown';
    return entry.expiresAt > this.clock.now() ? 'valid' : 'expired';
  }

  valid(token: string | undefined): boolean {
    return this.state(token) === 'valid';
  }

  /** A valid token lives its whole lifetime again from now. */
  renew(token: string): void {
    const entry = this.tokens.get(token);
    if (entry && entry.expiresAt > this.clock.now()) entry.expiresAt = this.clock.now() + entry.ttlMs;
  }

  /** The token is unknown from now on (a logout). */
  revoke(token: string): void {
    this.tokens.delete(token);
  }

  /** Every token issued so far has expired. */
  expireAll = (): void => {
    for (const entry of this.tokens.values()) entry.expiresAt = Number.NEGATIVE_INFINITY;
  };

  /** Every token issued so far is unknown from now on. */
  revokeAll = (): void => {
    this.tokens.clear();
  };

  /** Tokens issued so far. */
  issuedCount = (): number => this.issued;
}
