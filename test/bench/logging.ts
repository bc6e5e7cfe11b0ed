// `npm run bench:logs`: what one log line costs with the gateway's logger (redaction on, synchronous writes to
// /dev/null), for the request line and the operation-change line; and a level that filters it out, for reference.
import { pino } from 'pino';
import { createLogger } from '../../src/logging.js';

const LINES = 200_000;

const requestFields = {
  requestId: 'f3c1d7a2-5b8e-4f0a-9c6d-2e7b1a4c8d90',
  method: 'POST',
  path: '/graphql',
  status: 200,
  durationMs: 12.3,
  operationType: 'query',
  operationName: 'Dashboard',
  client: '127.0.0.1',
};
const changeFields = {
  operationId: '6a0e2f4c-1d3b-4e5a-8f7c-9b2d0e1a3c5f',
  requestId: 'f3c1d7a2-5b8e-4f0a-9c6d-2e7b1a4c8d90',
  kind: 'CREATE_SNAPSHOT',
  status: 'RUNNING',
  backend: 'prod-libvirt',
  targetId: 'Vk06MTI6cHJvZC1saWJ2aXJ0dm0tMDAx',
  progress: 40,
  message: 'Active',
  revision: 4,
};

function microsPerLine(write: () => void): number {
  for (let i = 0; i < LINES / 10; i++) write();
  const started = performance.now();
  for (let i = 0; i < LINES; i++) write();
  return ((performance.now() - started) * 1000) / LINES;
}

const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: true }));
const filtered = createLogger('warn', pino.destination({ dest: '/dev/null', sync: true }));
console.log(`log lines, ${LINES} each, written synchronously to /dev/null:`);
console.log(`  request line:          ${microsPerLine(() => logger.info(requestFields, 'request')).toFixed(2)} µs`);
console.log(`  operation-change line: ${microsPerLine(() => logger.info(changeFields, 'operation changed')).toFixed(2)} µs`);
console.log(`  filtered out by level: ${microsPerLine(() => filtered.info(requestFields, 'request')).toFixed(2)} µs`);
