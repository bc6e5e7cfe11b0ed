// Puts a gateway together from connector specs: HTTP client, connectors, engine, app and server.
// main.ts, the tests and the bench all start gateways through this one function.
import { createApp, type AppOptions } from './app.js';
import { HttpClient, type HttpClientOptions } from './connectors/http.js';
import { createConnector, type ConnectorSpec } from './connectors/registry.js';
import { createGateway, type Gateway, type GatewayOptions } from './gateway.js';
import { Metrics } from './metrics.js';
import { startServer, type RunningServer } from './server.js';

export interface StartOptions {
  specs: ConnectorSpec[];
  port: number;
  host: string;
  http?: Omit<HttpClientOptions, 'metrics'>;
  limits?: GatewayOptions['limits'];
  engine?: GatewayOptions['engine'];
  app?: AppOptions;
  processMetrics?: boolean;
}

export interface StartedGateway {
  server: RunningServer;
  gateway: Gateway;
  close(): Promise<void>;
}

export async function startGateway(options: StartOptions): Promise<StartedGateway> {
  const metrics = new Metrics({ processMetrics: options.processMetrics ?? false });
  const http = new HttpClient({ metrics, ...options.http });
  const connectors = options.specs.map((spec) => createConnector(spec, http));
  const gateway = createGateway({ connectors, metrics, limits: options.limits, engine: options.engine });
  const server = await startServer(createApp(gateway, options.app), gateway, { port: options.port, host: options.host });
  return {
    server,
    gateway,
    async close() {
      await server.close();
      http.close();
    },
  };
}
