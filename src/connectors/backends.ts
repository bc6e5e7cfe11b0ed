// The configured backends of one gateway, by name: connector instances created once per process.
import type { Connector } from './connector.js';

export class Backends {
  private readonly byName = new Map<string, Connector>();

  constructor(connectors: readonly Connector[]) {
    for (const connector of connectors) {
      if (this.byName.has(connector.name)) throw new Error(`two backends are named '${connector.name}'`);
      this.byName.set(connector.name, connector);
    }
  }

  get(name: string): Connector | undefined {
    return this.byName.get(name);
  }

  all(): Connector[] {
    return [...this.byName.values()];
  }

  /** The backends `keep` lets through, as a Backends of their own (a caller's view). */
  only(keep: (name: string) => boolean): Backends {
    return new Backends(this.all().filter((connector) => keep(connector.name)));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.all().map((connector) => connector.close()));
  }
}
