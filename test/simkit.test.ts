// The simulator kit (src/lab/kit): the manual clock, tokens, the request log, queued failures, due work, operation
// spans and the shared guard, all on a manual clock (no sleeps); and the wrong-shape garbage fault over real HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { wantsWrongShape } from '../src/lab/faults.js';
import { ManualClock, systemClock } from '../src/lab/kit/clock.js';
import { FaultQueue } from '../src/lab/kit/faultQueue.js';
import { guardWith } from '../src/lab/kit/guard.js';
import { finished, OperationTimer, progress, queuedUntil } from '../src/lab/kit/operationTimer.js';
import { RequestLog } from '../src/lab/kit/requestLog.js';
import { Schedule } from '../src/lab/kit/schedule.js';
import { TokenStore } from '../src/lab/kit/tokens.js';
import { type RunningSimulator, type SimRequest, startSimulator } from '../src/lab/simulatorServer.js';

const request = (method: string, path: string, extra: Partial<SimRequest> = {}): SimRequest => ({
  method,
  path,
  query: new URLSearchParams('a=1'),
  headers: {},
  body: undefined,
  params: {},
  fault: null,
  ...extra,
});

describe('ManualClock', () => {
  it('stands still until advanced, and wakes sleepers when their time comes', async () => {
    const clock = new ManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    const woke: string[] = [];
    const short = clock.sleep(100).then(() => woke.push('short'));
    const long = clock.sleep(300).then(() => woke.push('long'));
    expect(clock.sleeping()).toBe(2);
    clock.advance(150);
    await short;
    expect([clock.now(), woke, clock.sleeping()]).toEqual([1_150, ['short'], 1]);
    clock.advance(150);
    await long;
    expect(woke).toEqual(['short', 'long']);
    await clock.sleep(0);
    expect(() => clock.advance(-1)).toThrow(/does not go back/);
  });

  it('the system clock is the time now', () => {
    const before = Date.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
  });
});

describe('TokenStore', () => {
  it('issues tokens that live their lifetime, renew, expire, and are revoked; it counts what it issued', () => {
    const clock = new ManualClock();
    const tokens = new TokenStore(clock);
    const { token, expiresAt } = tokens.issue(1_000);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(expiresAt).toBe(clock.now() + 1_000);
    expect([tokens.state(token), tokens.state('nope'), tokens.state(undefined)]).toEqual(['valid', 'unknown', 'unknown']);
    clock.advance(600);
    tokens.renew(token);
    clock.advance(600);
    expect(tokens.valid(token)).toBe(true);
    clock.advance(400);
    expect(tokens.state(token)).toBe('expired');
    tokens.renew(token);
    expect(tokens.state(token)).toBe('expired');

    const named = tokens.issue(60_000, 'jwt-1').token;
    expect(named).toBe('jwt-1');
    tokens.expireAll();
    expect(tokens.state('jwt-1')).toBe('expired');
    const fresh = tokens.issue(60_000).token;
    expect(tokens.valid(fresh)).toBe(true);
    tokens.revoke(fresh);
    expect(tokens.state(fresh)).toBe('unknown');
    tokens.revokeAll();
    expect(tokens.state('jwt-1')).toBe('unknown');
    expect(tokens.issuedCount()).toBe(3);
  });
});

describe('RequestLog', () => {
  it('keeps the newest requests in order, as copies', () => {
    const log = new RequestLog(2);
    log.record(request('GET', '/one'));
    log.record(request('POST', '/two', { body: { x: 1 } }));
    log.record(request('DELETE', '/three'));
    const seen = log.requests();
    expect(seen).toEqual([
      { method: 'POST', path: '/two', query: 'a=1', body: { x: 1 } },
      { method: 'DELETE', path: '/three', query: 'a=1', body: undefined },
    ]);
    seen.pop();
    expect(log.requests()).toHaveLength(2);
  });
});

describe('FaultQueue', () => {
  it('answers the next matching request once, with the body given, its text, or the empty body', () => {
    const faults = new FaultQueue({ detail: 'injected' });
    faults.failNext('get', '/vms', 503);
    faults.failNext('POST', '/snapshots', 500, '<html>no</html>');
    faults.failNext('POST', '/snapshots', 400, { code: 'BAD' });
    expect(faults.take(request('GET', '/api/other'))).toBeNull();
    expect(faults.take(request('GET', '/api/vms/1'))).toEqual({ status: 503, body: { detail: 'injected' } });
    expect(faults.take(request('GET', '/api/vms/1'))).toBeNull();
    expect(faults.take(request('POST', '/vms/a/snapshots'))).toEqual({ status: 500, text: '<html>no</html>' });
    expect(faults.take(request('POST', '/vms/a/snapshots'))).toEqual({ status: 400, body: { code: 'BAD' } });
  });
});

describe('Schedule', () => {
  it('does due work only once its moment comes, earliest first, told its moment; work it schedules runs when due', () => {
    const clock = new ManualClock(0);
    const schedule = new Schedule(clock);
    const done: string[] = [];
    schedule.after(200, (at) => done.push(`b@${at}`));
    schedule.after(100, (at) => {
      done.push(`a@${at}`);
      schedule.at(at + 50, (later) => done.push(`a2@${later}`));
      schedule.at(at + 500, (later) => done.push(`a3@${later}`));
    });
    schedule.after(200, (at) => done.push(`c@${at}`));
    schedule.settle();
    expect(done).toEqual([]);
    clock.advance(250);
    schedule.settle();
    expect(done).toEqual(['a@100', 'a2@150', 'b@200', 'c@200']);
    expect(schedule.size()).toBe(1);
    clock.advance(1_000);
    schedule.settle();
    expect(done.at(-1)).toBe('a3@600');
  });
});

describe('OperationTimer', () => {
  it('gives spans of opMs on the clock: queued for a fifth, progress, finished; and blocks for opMs', async () => {
    const clock = new ManualClock(0);
    const timer = new OperationTimer(clock, 500);
    const span = timer.start();
    expect(span).toEqual({ startedAt: 0, finishAt: 500 });
    expect(queuedUntil(span)).toBe(100);
    expect([progress(span, 250), progress(span, 900), progress(span, 300, 100)]).toEqual([0.5, 1, 0.5]);
    expect([finished(span, 499), finished(span, 500)]).toEqual([false, true]);
    const instant = new OperationTimer(clock, 0).start();
    expect([finished(instant, 0), progress(instant, 0)]).toEqual([true, 0]);

    let unblocked = false;
    const blocked = timer.block().then(() => (unblocked = true));
    clock.advance(499);
    await Promise.resolve();
    expect(unblocked).toBe(false);
    clock.advance(1);
    await blocked;
    expect(unblocked).toBe(true);
  });
});

describe('guardWith', () => {
  it('logs, then answers a queued failure, then lets the simulator refuse (unless the route is anonymous)', async () => {
    const faults = new FaultQueue();
    const log = new RequestLog();
    const guard = guardWith({ faults, log, authenticate: (r) => (r.headers.authorization ? null : { status: 401, body: { m: 'who' } }) });
    const handler = guard(() => ({ status: 200, body: 'ok' }));
    const open = guard(() => ({ status: 200, body: 'open' }), { anonymous: true });
    expect(await handler(request('GET', '/x'))).toEqual({ status: 401, body: { m: 'who' } });
    expect(await handler(request('GET', '/x', { headers: { authorization: 'yes' } }))).toEqual({ status: 200, body: 'ok' });
    expect(await open(request('GET', '/login'))).toEqual({ status: 200, body: 'open' });
    faults.failNext('GET', '/x', 502);
    expect(await handler(request('GET', '/x', { headers: { authorization: 'yes' } }))).toEqual({ status: 502, body: {} });
    expect(log.requests().map((r) => r.path)).toEqual(['/x', '/x', '/login', '/x']);
  });
});

describe('garbage that is JSON (a test-only fault)', () => {
  let sim: RunningSimulator | null = null;
  afterEach(async () => {
    await sim?.close();
    sim = null;
  });

  it('reaches the routes, which answer JSON of the wrong shape; plain garbage still answers no JSON at all', async () => {
    sim = await startSimulator([
      { method: 'GET', pattern: '/list', handler: (r) => ({ status: 200, body: wantsWrongShape(r.fault) ? { items: 'many' } : { items: [] } }) },
    ]);
    const read = async () => {
      const answer = await fetch(`${sim?.url ?? ''}/list`);
      return [answer.status, await answer.text()];
    };
    expect(await read()).toEqual([200, '{"items":[]}']);
    sim.setFault({ mode: 'garbage', json: true });
    expect(await read()).toEqual([200, '{"items":"many"}']);
    sim.setFault({ mode: 'garbage' });
    expect(await read()).toEqual([200, '<html>garbage, not {"json"']);
    sim.setFault(null);
    expect(await read()).toEqual([200, '{"items":[]}']);
    expect(sim.requestCount()).toBe(4);
  });
});
