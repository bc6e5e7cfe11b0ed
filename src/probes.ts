// The two probe answers, the same on the public and the admin port: /health (liveness: the process serves) and
// /ready (readiness: send it traffic). Bare bodies: nothing about backends, which only the admin port's /metrics names.
import type { ServerResponse } from 'node:http';
import type { Readiness } from './readiness.js';

/** Answers /health or /ready and says true; false for any other path. */
export function answerProbe(path: string | undefined, readiness: Readiness, res: ServerResponse): boolean {
  if (path === '/health') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end('{"status":"ok"}');
    return true;
  }
  if (path === '/ready') {
    const state = readiness.state;
    res.writeHead(state === 'ready' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ status: state }));
    return true;
  }
  return false;
}
