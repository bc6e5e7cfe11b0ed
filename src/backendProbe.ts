// The start-up probe: every backend pinged once, and one warn line for each that does not answer right, so a wrong
// port, password or path shows at start rather than at the first query. Readiness may wait for it (readyWhenBackends).
import type { Connector } from './connectors/connector.js';
import { BackendFailure } from './connectors/errors.js';
import type { Logger } from './logging.js';
import type { ReadyWhenBackends } from './serverConfig.js';

/** How often backends that did not answer are tried again while readiness waits for them. */
const PROBE_RETRY_MS = 2_000;

export interface BackendProbe {
  /** Resolves once the first round of pings has ended (every failure logged). */
  readonly firstRound: Promise<void>;
  stop(): void;
}

const failureOf = (error: unknown): { code: string; message: string } =>
  error instanceof BackendFailure
    ? { code: error.code, message: error.message }
    : { code: error instanceof Error ? error.name : 'ERROR', message: error instanceof Error ? error.message : String(error) };

/**
 * Pings every connector; `satisfied` is called once as many answered as `rule` asks (at once for `none`). Until
 * then the ones that failed are tried again every `retryMs`, without another warn line.
 */
export function probeBackends(
  connectors: readonly Connector[],
  logger: Logger,
  rule: ReadyWhenBackends,
  satisfied: () => void,
  retryMs = PROBE_RETRY_MS,
): BackendProbe {
  if (rule === 'none') satisfied();
  const answered = new Set<string>();
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const enough = () => (rule === 'any' && connectors.length > 0 ? answered.size > 0 : answered.size === connectors.length);

  const round = async (first: boolean): Promise<void> => {
    const pending = connectors.filter((c) => !answered.has(c.name));
    await Promise.all(
      pending.map(async (connector) => {
        try {
          await connector.ping();
          answered.add(connector.name);
          if (!first) logger.info({ backend: connector.name, kind: connector.kind }, 'backend answers now');
        } catch (error) {
          const { code, message } = failureOf(error);
          if (first) logger.warn({ backend: connector.name, kind: connector.kind, code, error: message }, 'backend does not answer at start');
        }
      }),
    );
    if (stopped || rule === 'none') return;
    if (enough()) {
      satisfied();
      return;
    }
    retry = setTimeout(() => void round(false), retryMs);
    retry.unref();
  };

  const firstRound = round(true);
  return {
    firstRound,
    stop() {
      stopped = true;
      clearTimeout(retry);
    },
  };
}
