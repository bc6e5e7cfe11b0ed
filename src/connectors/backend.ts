// What a backend module is: one descriptor per `connectors/<kind>/` (its kind, what the schema says of it, how its
// connector is made, and its lab simulator), from which the registry derives everything else.
import { z } from 'zod';
import type { RunningSimulator } from '../lab/simulatorServer.js';
import type { ConnectorFactory } from './connector.js';
import { readCredentials, readSettings, type OptionsSpec } from './credentials.js';

/** What the lab gives every simulator it starts. */
interface LabCommon {
  /** Multiplies the VMs the simulator seeds. */
  scale: number;
  /** The options every simulator takes, to spread into its own. */
  server: {
    /** Added to every simulator response. */
    latencyMs: number;
    /** How long a backend action takes. */
    opMs: number;
    /** The port to bind; 0 picks a free one. */
    port: number;
  };
}

/** A started lab simulator, and how the gateway reaches it. */
interface LabStarted<S extends RunningSimulator> {
  simulator: S;
  /** The connector's base URL (the API root where that differs from the server's). */
  url: string;
  credentials: Record<string, string>;
  settings?: Record<string, unknown>;
}

/** The lab side of a backend: its simulator, seeded, and the knobs it reads from the environment. */
interface LabDefinition<N extends string, S extends RunningSimulator, Knobs extends z.ZodRawShape> {
  /** How LAB_FAULTS and the lab name it: lower case, e.g. `cloudsigma`. */
  name: N;
  /** Environment variables of this simulator alone (e.g. LAB_LIBGO_LISTS), each with its default. */
  knobs: z.ZodObject<Knobs>;
  start(common: LabCommon, knobs: z.output<z.ZodObject<Knobs>>): Promise<LabStarted<S>>;
}

interface BackendDefinition<K extends string, N extends string, S extends RunningSimulator, Knobs extends z.ZodRawShape, C, St> {
  /** The BackendKind value, e.g. `CLOUDSIGMA`. */
  kind: K;
  /** The description of the kind in the schema. */
  description: string;
  /** What its `credentials` must hold (read from the environment variables the config names). */
  credentials: OptionsSpec<C>;
  /** What its `settings` in the config must hold; NO_SETTINGS where it takes none. */
  settings: OptionsSpec<St>;
  /** Makes the connector, from credentials and settings its schemas have read. */
  create: ConnectorFactory<C, St>;
  /** What its `baseUrl` in the config must be; an http(s) URL unless given (LIBVIRTD takes a libvirt URI). */
  address?: OptionsSpec<string>;
  /** The folder of ../shared/contracts (and test/fixtures/contracts) with the real API's samples, where there are any. */
  contracts?: string;
  /** Its simulator in the embedded lab; none for a backend only a real server can be (libvirtd). */
  lab?: LabDefinition<N, S, Knobs>;
}

/** An http(s) URL: the address of every backend reached over HTTP. */
const HTTP_ADDRESS: OptionsSpec<string> = {
  schema: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  needs: 'an http(s) URL',
};

/** A lab the simulators of backends are started into: each backend keeps its own simulators by lab. */
export type LabToken = object;

/** A started simulator as the lab sees every one of them. */
interface LabEntry {
  simulator: RunningSimulator;
  url: string;
  credentials: Record<string, string>;
  settings: Record<string, unknown>;
}

/** A backend as the registry holds it: the definition, with the types of its simulator and knobs closed over. */
export interface Backend<K extends string = string, N extends string = string, S extends RunningSimulator = RunningSimulator> {
  readonly kind: K;
  readonly description: string;
  /** Reads the credentials and settings as configured with the module's schemas (a mistake throws), then connects. */
  readonly create: ConnectorFactory;
  readonly address: OptionsSpec<string>;
  readonly contracts: string | null;
  readonly lab: BackendLab<N, S> | null;
}

/** The lab side of a backend as the lab uses it. */
interface BackendLab<N extends string, S extends RunningSimulator> {
    readonly name: N;
    /** The knobs' schema, merged into the lab's environment schema so a mistake is told at start. */
    readonly knobs: z.ZodObject;
    /** Starts the simulator into a lab, reading its knobs from the environment as parsed. */
    start(lab: LabToken, common: LabCommon, env: Record<string, unknown>): Promise<LabEntry>;
    /** This backend's simulator in a lab it was started into. */
    of(lab: LabToken): S;
}

export function defineBackend<
  const K extends string,
  C,
  St,
  const N extends string = never,
  S extends RunningSimulator = RunningSimulator,
  Knobs extends z.ZodRawShape = Record<never, never>,
>(definition: BackendDefinition<K, N, S, Knobs, C, St>): Backend<K, N, S> {
  return {
    kind: definition.kind,
    description: definition.description,
    create: (options) =>
      definition.create({
        ...options,
        credentials: readCredentials(options.name, definition.credentials, options.credentials),
        settings: readSettings(options.name, definition.settings, options.settings),
      }),
    address: definition.address ?? HTTP_ADDRESS,
    contracts: definition.contracts ?? null,
    lab: definition.lab ? labOf(definition.lab) : null,
  };
}

function labOf<N extends string, S extends RunningSimulator, Knobs extends z.ZodRawShape>(lab: LabDefinition<N, S, Knobs>): BackendLab<N, S> {
  const started = new WeakMap<LabToken, S>();
  return {
      name: lab.name,
      knobs: lab.knobs,
      async start(token, common, env) {
        const { simulator, url, credentials, settings } = await lab.start(common, lab.knobs.parse(env));
        started.set(token, simulator);
        return { simulator, url, credentials, settings: settings ?? {} };
      },
      of(token) {
        const simulator = started.get(token);
        if (!simulator) throw new Error(`no ${lab.name} simulator was started in this lab`);
        return simulator;
      },
  };
}
