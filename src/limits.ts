// The gateway's request limits and their defaults, shared by the config file schema, the gateway and the server.

export interface Limits {
  /** The largest `first` a connection accepts. */
  maxPageSize: number;
  /** The most ids one bulk mutation or `nodes` query takes. */
  maxBatchSize: number;
  /** The most nested fields an operation may select, counted from the root field down to the leaf. */
  maxDepth: number;
  /** The most aliases an operation may write, counting the fragments it uses. */
  maxAliases: number;
  /** The most an operation may cost: every field 1, times the items of the lists above it (see README). */
  maxCost: number;
  /** The largest HTTP request body, and the largest WebSocket message. */
  maxBodyBytes: number;
  /** Whether `__schema` and `__type` are answered; GraphiQL needs them and is off without them. */
  introspection: boolean;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxPageSize: 1000,
  maxBatchSize: 1000,
  // The dashboard query is 8 deep; 12 leaves room for a deeper tree walk and refuses 10 levels of `children`.
  maxDepth: 12,
  maxAliases: 30,
  // The heaviest legitimate queries known cost 28 million (the dashboard) to 48 million (the Danube inventory
  // test); one more nested 1000-item connection costs billions. README shows the arithmetic.
  maxCost: 100_000_000,
  maxBodyBytes: 1024 * 1024,
  introspection: true,
});
