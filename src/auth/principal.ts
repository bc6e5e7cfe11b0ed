// Who is calling and what they may see: scopes for what they may do, grants for which backends (and, where a
// backend has them, which namespaces) exist for them at all. Everything else is invisible: not found, never forbidden.
import type { Connector } from '../connectors/connector.js';

export const SCOPES = ['snapshots:read', 'snapshots:write', 'schedules:write'] as const;
export type Scope = (typeof SCOPES)[number];

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

/**
 * Which backends a caller sees: `all`, or per backend name either the whole backend (null) or only these
 * namespaces. Written in config and token claims as `*`, `<backend>` or `<backend>/<namespace>`.
 */
type Grants = 'all' | ReadonlyMap<string, ReadonlySet<string> | null>;

export const GRANT_PATTERN = /^(\*|[A-Za-z0-9][A-Za-z0-9_.-]{0,62}(\/[^/\s]{1,253})?)$/;

/** Grants from their written form; `*` anywhere grants everything. */
export function parseGrants(entries: readonly string[]): Grants {
  if (entries.includes('*')) return 'all';
  const grants = new Map<string, Set<string> | null>();
  for (const entry of entries) {
    const slash = entry.indexOf('/');
    const backend = slash === -1 ? entry : entry.slice(0, slash);
    if (slash === -1) {
      grants.set(backend, null);
      continue;
    }
    const namespaces = grants.get(backend);
    // A whole-backend grant already covers any namespace.
    if (namespaces === null) continue;
    grants.set(backend, new Set([...(namespaces ?? []), entry.slice(slash + 1)]));
  }
  return grants;
}

export interface Principal {
  /**
   * Stable per caller and never shared by two (callerKeys.ts): `["token",<name>]`, `["jwt",<issuer>,<subject>]`, or
   * `anonymous`; keys rate limits and idempotency.
   */
  id: string;
  scopes: ReadonlySet<Scope>;
  grants: Grants;
  /** True only where the gateway runs without authentication (loopback lab). */
  anonymous: boolean;
}

export const ANONYMOUS: Principal = { id: 'anonymous', scopes: new Set(SCOPES), grants: 'all', anonymous: true };

/** Answers "may this caller see it" for backends, records and operations. */
export class Visibility {
  constructor(private readonly grants: Grants) {}

  /** Callers with equal audiences see exactly the same things (subscribers share executions by it). */
  get audience(): string {
    if (this.grants === 'all') return '*';
    return [...this.grants]
      .map(([backend, namespaces]) => (namespaces === null ? backend : [...namespaces].sort().map((ns) => `${backend}/${ns}`).join(',')))
      .sort()
      .join(';');
  }

  /** Sees everything: nothing needs filtering. */
  get unrestricted(): boolean {
    return this.grants === 'all';
  }

  seesBackend(name: string): boolean {
    return this.grants === 'all' || this.grants.has(name);
  }

  /** A record (or any key) of a backend; on a namespace-limited grant, only keys the connector places in a granted namespace. */
  sees(connector: Connector, key: string): boolean {
    if (this.grants === 'all') return true;
    if (!this.grants.has(connector.name)) return false;
    const namespaces = this.grants.get(connector.name);
    if (!namespaces) return true;
    const namespace = connector.namespaceOf?.(key) ?? null;
    return namespace !== null && namespaces.has(namespace);
  }
}
