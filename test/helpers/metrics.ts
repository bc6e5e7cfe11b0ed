// A sample read out of a Prometheus /metrics text, for the tests and the benches alike.

/** The value of `metric`'s first sample (whatever its labels) in a /metrics text; NaN when it has none. */
export const sampleOf = (text: string, metric: string): number =>
  Number(new RegExp(`^${metric}(?:\\{[^}]*\\})?\\s+(\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
