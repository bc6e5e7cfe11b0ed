// createApp(gateway) -> the yoga instance and the graphql-ws options: a pure factory used by server.ts and tests.
// HTTP, SSE and WebSocket share one schema, one context factory and one error policy.
import { useGraphQlJit } from '@envelop/graphql-jit';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { getOperationAST, getVariableValues, GraphQLError, type ExecutionArgs } from 'graphql';
import { CloseCode, type ServerOptions } from 'graphql-ws';
import { createYoga, maskError, useExecutionCancellation, type MaskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Authenticator } from './auth/authenticator.js';
import { credentialOf, fromConnectionParams } from './auth/credentials.js';
import { ANONYMOUS } from './auth/principal.js';
import { useMutationRateLimit, type MutationRateLimit } from './auth/rateLimit.js';
import { DEFAULT_CORS, type CorsConfig } from './browsers/config.js';
import { corsAnswers, useVaryOrigin } from './browsers/cors.js';
import { useCsrfPrevention } from './browsers/csrfPrevention.js';
import { HostPolicy, useHostCheck } from './browsers/hosts.js';
import { OriginPolicy } from './browsers/origins.js';
import { BackendFailure } from './connectors/errors.js';
import type { Gateway } from './gateway.js';
import { createContext, isContext, type Context } from './graphql/context.js';
import { useCachedResponses } from './graphql/cachedResponses.js';
import { useReadFreshness } from './graphql/freshness.js';
import { answersInPayloads, useLiveQueries } from './graphql/live.js';
import { DEFAULT_PERSISTED_DOCUMENTS, PersistedDocuments, type PersistedDocumentsSettings } from './graphql/persistedDocuments.js';
import { useQueryLimits } from './graphql/limits/useQueryLimits.js';
import { useOperationMetrics } from './graphql/operationMetrics.js';
import { useOperationSpans } from './graphql/operationSpans.js';
import { backendError, useBackendFailures } from './graphql/reportedFailures.js';
import { schema } from './graphql/schema.js';
import { SharedEventExecution } from './graphql/sharedEvents.js';
import { yogaLogging } from './logging.js';
import { RequestTrace, requestIdOf, useRequestTrace } from './requestTrace.js';
import { useSseSubscriptionLimits } from './sseSubscriptionLimits.js';
import { SubscriptionSlots, type SubscriptionLimits } from './subscriptionSlots.js';
import { UI_DOCUMENTS } from './ui/documents.js';
import { useProgressUi } from './ui/page.js';
import type { WsExtra } from './wsExtra.js';

/** What GraphiQL opens with: every backend's VMs and trees, and how to take a snapshot and watch it. */
export const GRAPHIQL_START = `# Every VM of every backend, with its snapshot tree.
# To take a snapshot, copy a VM id (or a Drive id, on backends with driveSnapshots) into:
#   mutation { createSnapshot(input: { targetId: "<id>", name: "before-upgrade" }) {
#     ... on OperationPayload { operation { id status } } ... on Error { message } } }
# and follow it live with:
#   subscription { operation(id: "<operation id>") { status progress message snapshot { name } } }
query Estate {
  backends { name kind health { status } capabilities { revert clone driveSnapshots schedules } }
  vms(first: 20) {
    totalCount
    backendErrors { message backend { name } }
    edges { node {
      id name kind powerState backend { name }
      drives { id name sizeBytes status }
      currentSnapshot { name }
      snapshotTree { name createdAt children { name children { name children { name } } } }
    } }
  }
}
`;

export interface AppOptions {
  /** Who may call; without one, every caller is the anonymous lab user. */
  authenticator?: Authenticator;
  /** Mutations per caller; unlimited without one. */
  rateLimiter?: MutationRateLimit;
  /** Serve GraphiQL on GET /graphql from a browser (default true). */
  graphiql?: boolean;
  /** Compile queries with graphql-jit (default true). */
  jit?: boolean;
  /** Active subscriptions per socket and per caller, sockets per caller, writes per socket; DEFAULT_SUBSCRIPTION_LIMITS for any not given. */
  subscriptions?: Partial<SubscriptionLimits>;
  /** The other origins whose pages may call from a browser (docs/browsers.md); none by default. */
  cors?: CorsConfig;
  /** Host names an open gateway answers to besides loopback ones, and that any gateway is held to once listed. */
  allowedHosts?: readonly string[];
  /** Refuse POSTs a page on another origin could send without a preflight (default true; docs/browsers.md). */
  csrfPrevention?: boolean;
  /** Trusted documents, trusted-only mode and APQ (docs/persisted-documents.md); APQ on, no allowlist, by default. */
  persistedDocuments?: PersistedDocumentsSettings;
  /** Serve the progress UI on /ui/ (default true; docs/ui.md). */
  ui?: boolean;
}

type Yoga = YogaServerInstance<Record<string, unknown>, Context>;

export interface App {
  yoga: Yoga;
  /** Options for the graphql-ws server, bound to the same yoga. */
  ws: ServerOptions<Record<string, unknown> | undefined, WsExtra>;
  /** This process's subscription counts, which SSE (a plugin here) and graphql-ws (wsServer.ts) both take from. */
  subscriptions: SubscriptionSlots;
  /** Which browser pages may open a WebSocket (which has no CORS). */
  origins: OriginPolicy;
}

/**
 * Coerces variables the way graphql-js does before graphql-jit sees them: jit names the wrong variable in its
 * messages and answers 200, where a request with invalid variables is a 400 with the path at fault.
 */
function useStrictVariables(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation?.variableDefinitions?.length) return;
      const coerced = getVariableValues(args.schema, operation.variableDefinitions, args.variableValues ?? {}, {
        maxErrors: 50,
      });
      if (!coerced.errors) return;
      setResultAndStopExecution({
        errors: coerced.errors.map(
          (error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { http: { status: 400 } } }),
        ),
      });
    },
  };
}

/**
 * graphql-jit drops literal arguments of subscription fields (`operation(id: "...")`) and knows no @defer, @stream
 * or @live; those documents run on graphql-js.
 */
const jitCompiles = (args: ExecutionArgs): boolean =>
  getOperationAST(args.document, args.operationName)?.operation !== 'subscription' && !answersInPayloads(args.document, args.operationName);

/** A backend failure is the client's to see (as BackendError); anything else unexpected is masked. */
const maskGatewayError: MaskError = (error, message, isDev) => {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof BackendFailure) return backendError(original, error instanceof GraphQLError ? error.path : undefined);
  return maskError(error, message, isDev);
};

/** Yoga's message for an error it masks. */
const MASKED_MESSAGE = 'Unexpected error.';

export function createApp(gateway: Gateway, options: AppOptions = {}): App {
  // Early, every operation (those the limits refuse too); late, what a response finally carries (backend failures).
  const [operationsSeen, operationsAnswered] = useOperationMetrics(gateway.metrics);
  const authenticate = (credential: string | null) => options.authenticator?.authenticate(credential) ?? Promise.resolve(ANONYMOUS);
  const subscriptions = new SubscriptionSlots(options.subscriptions);
  const cors = options.cors ?? DEFAULT_CORS;
  const hosts = new HostPolicy(options.allowedHosts ?? [], !(options.authenticator?.required ?? false));
  const origins = new OriginPolicy(cors.origins, hosts);
  const persistedSettings = options.persistedDocuments ?? DEFAULT_PERSISTED_DOCUMENTS;
  // The UI names its documents by hash: trusted wherever it is served.
  const persisted = new PersistedDocuments(
    options.ui === false ? persistedSettings : { ...persistedSettings, trusted: new Map([...persistedSettings.trusted, ...UI_DOCUMENTS]) },
  );
  // Callers who see the same backends and namespaces see the same events; payloads sent straight to a socket skip
  // yoga's masking, so they are masked (and what is masked logged) here as yoga would.
  const sharedEvents = new SharedEventExecution({
    audienceOf: (context) => (isContext(context) ? context.visibility.audience : null),
    maskErrors: (errors) =>
      errors.map((error) => {
        const masked = maskGatewayError(error, MASKED_MESSAGE, false);
        if (masked !== error) gateway.logger.error({ error: error.message }, 'subscription error masked');
        return masked instanceof GraphQLError ? masked : new GraphQLError(masked.message);
      }),
  });
  const yoga: Yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    // Trusted documents are named by documentId in the request (usePersistedDocuments).
    extraParamNames: ['documentId'],
    landingPage: false,
    // Every operation authenticates: each HTTP request and SSE stream, and each graphql-ws subscribe.
    context: async (initial) => createContext(gateway, requestIdOf(initial), await authenticate(credentialOf(initial))),
    logging: yogaLogging(gateway.logger),
    // GraphiQL cannot work without introspection, so a gateway configured without it serves none.
    graphiql: options.graphiql === false || !gateway.limits.introspection ? false : { subscriptionsProtocol: 'WS', title: 'Snapshot gateway', defaultQuery: GRAPHIQL_START },
    renderGraphiQL,
    // No Access-Control-* headers for an origin not listed: yoga's default would answer any origin, with credentials.
    cors: corsAnswers(origins, cors),
    // Counted as the body streams in (chunked ones too): over the limit is a 413 before anything is parsed.
    maxRequestBodySize: gateway.limits.maxBodyBytes,
    maskedErrors: { maskError: maskGatewayError },
    plugins: [
      // First: a request sent to a name the gateway does not answer to (DNS rebinding), then one a page on another
      // origin could forge, is refused before anything else looks at it.
      useHostCheck(hosts),
      ...(options.ui === false ? [] : [useProgressUi(gateway.logger)]),
      ...(options.csrfPrevention === false ? [] : [useCsrfPrevention()]),
      ...(cors.origins.length > 0 ? [useVaryOrigin()] : []),
      useRequestTrace(),
      operationsSeen,
      // Before anything reads the document: a request may name it rather than send it.
      ...persisted.plugins(),
      useQueryLimits(gateway.limits),
      // Dashboards show the fast backends at once and a slow one's part when it answers (docs/defer.md).
      useDeferStream(),
      useExecutionCancellation(),
      useBackendFailures(),
      useReadFreshness(),
      operationsAnswered,
      // After the plugins that read a response's context, so each run of a live query is reported like a query.
      ...useLiveQueries(gateway, schema),
      ...(options.jit === false ? [] : [useStrictVariables(), useGraphQlJit({}, { enableIf: jitCompiles })]),
      // After graphql-jit, whose execution it runs inside the operation's span (so backend calls are its children).
      useOperationSpans(),
      // After the failure and freshness reports, which it keeps with an answer (and restamps on a repeat), and after
      // graphql-jit, whose execution it wraps.
      useCachedResponses(),
      ...(options.rateLimiter ? [useMutationRateLimit(options.rateLimiter, (context) => (isContext(context) ? context.principal : null))] : []),
      sharedEvents.plugin,
      useSseSubscriptionLimits(subscriptions),
    ],
  });

  // graphql-ws runs through the same envelop pipeline; each socket operation has its own enveloped functions until
  // it runs (a subscription that lasts does not keep them).
  const enveloped = new WeakMap<object, ReturnType<Yoga['getEnveloped']>>();
  const envelopedOf = ({ contextValue }: ExecutionArgs) => {
    const found = typeof contextValue === 'object' && contextValue !== null && enveloped.get(contextValue);
    if (!found) throw new Error('no enveloped context for this operation');
    enveloped.delete(contextValue);
    return found;
  };

  const ws: App['ws'] = {
    execute: (args) => envelopedOf(args).execute(args),
    subscribe: (args) => envelopedOf(args).subscribe(args),
    // A socket must authenticate to open; a refusal says why, with graphql-ws's Unauthorized code.
    onConnect: async (ctx) => {
      try {
        // Recorded for the socket's subscription limits (wsSubscriptionLimits.ts).
        ctx.extra.principal = await authenticate(fromConnectionParams(ctx.connectionParams));
        return true;
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        ctx.extra.writer.close(CloseCode.Unauthorized, error.message);
        return false;
      }
    },
    onSubscribe: async (ctx, id, params) => {
      const envelope = yoga.getEnveloped({ ...ctx, params, requestTrace: new RequestTrace(ctx.extra.connectionId) });
      let contextValue: Awaited<ReturnType<typeof envelope.contextFactory>>;
      let document: ReturnType<typeof envelope.parse>;
      try {
        // Authenticates again: a token that expired since the socket opened starts nothing more.
        contextValue = await envelope.contextFactory();
        // Named by its hash, or sent in full where the gateway allows that.
        const source = persisted.socketDocument(params);
        if (source instanceof GraphQLError) return [source];
        document = envelope.parse(source);
      } catch (error) {
        if (error instanceof GraphQLError) return [error];
        throw error;
      }
      const errors = envelope.validate(envelope.schema, document);
      if (errors.length > 0) return errors;
      enveloped.set(contextValue, envelope);
      // A subscription of a feed sends its payloads straight to the socket (wsWriter.ts).
      sharedEvents.sendDirectly(contextValue, ctx.extra.writer.nextSink(id));
      return {
        schema: envelope.schema,
        document,
        operationName: params.operationName,
        variableValues: params.variables,
        contextValue,
      };
    },
  };

  return { yoga, ws, subscriptions, origins };
}
