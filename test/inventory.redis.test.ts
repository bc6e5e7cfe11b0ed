// Live inventory across two replicas sharing a Redis: each backend is polled by one replica at a time however many
// watch it on both; a change is heard once by the subscribers of both; when the polling replica's watchers leave,
// the other takes the poll over from the last look kept in Redis, so a change made in between is still told.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { wsClient } from './helpers/gateway.js';
import { hear, startOtherGateway, takeBehindItsBack, targetsOf, untilBaseline } from './helpers/inventory.js';
import { REDIS_URL, redisForTests } from './helpers/redis.js';
import { startLab, type Lab } from '../src/lab/lab.js';
import { startGateway, type StartedGateway } from '../src/start.js';

const PREFIX = `gw-test-${randomUUID()}:`;
const WINDOW_MS = 400;
const BACKENDS = ['lab-cloudsigma', 'lab-danube', 'lab-denvr', 'lab-libvirt', 'lab-manageiq'];

const available = await redisForTests('live inventory across replicas');
const skipReason = available ? '' : ` (skipped: no Redis answers at ${REDIS_URL}; start one or set REDIS_URL)`;

describe.skipIf(!available)(`live inventory across replicas (Redis)${skipReason}`, () => {
  let lab: Lab;
  let a: StartedGateway;
  let b: StartedGateway;
  let other: StartedGateway;

  const replica = (specs: Lab['specs']) =>
    startGateway({
      specs,
      port: 0,
      host: '127.0.0.1',
      engine: { pollIntervalMs: 20, maxPollIntervalMs: 100 },
      redisUrl: REDIS_URL,
      redisKeyPrefix: PREFIX,
      cache: { freshnessMs: WINDOW_MS },
      // Short leases: a replica that lets go of a poll is replaced within a lease, not ten seconds.
      leases: { ttlMs: 1_000, renewMs: 250, sweepMs: 250 },
    });
  const wsOf = (gw: StartedGateway) => `${gw.server.url.replace(/^http/, 'ws')}/graphql`;
  const polled = (gw: StartedGateway) => gw.gateway.inventory.watch.polling();

  beforeAll(async () => {
    lab = await startLab({ scale: 1, latencyMs: 0, opMs: 50 });
    [a, b] = await Promise.all([replica(lab.specs), replica(lab.specs)]);
    other = await startOtherGateway(lab.specs);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close(), other?.close()]);
    await lab?.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('polls each backend from one replica, tells both replicas\' subscribers once, and hands the poll over without losing a change', async () => {
    const targets = await targetsOf(`${other.server.url}/graphql`);
    const clientA = wsClient(wsOf(a));
    const clientB = wsClient(wsOf(b));
    const onA = hear(clientA, { filter: { kinds: ['ADDED'], entities: ['SNAPSHOT'] } });
    const onB = hear(clientB, { filter: { kinds: ['ADDED'], entities: ['SNAPSHOT'] } });
    try {
      // Every backend has its baseline, taken by one replica or the other.
      await vi.waitFor(
        () => expect(BACKENDS.every((name) => a.gateway.inventory.watch.looks(name).told + b.gateway.inventory.watch.looks(name).told >= 1)).toBe(true),
        { timeout: 10_000, interval: 20 },
      );
      // One poller per backend: the two replicas' polls cover every backend and none twice.
      expect([...polled(a), ...polled(b)].sort()).toEqual(BACKENDS);

      const libvirt = targets.get('lab-libvirt');
      if (!libvirt) throw new Error('no libvirt target');
      await takeBehindItsBack(other, libvirt.targetId, 'replicated');
      await vi.waitFor(
        () => {
          expect(onA.seen.filter((s) => s.change.name === 'replicated')).toHaveLength(1);
          expect(onB.seen.filter((s) => s.change.name === 'replicated')).toHaveLength(1);
        },
        { timeout: WINDOW_MS + 1_000, interval: 10 },
      );

      // A's watchers leave: B takes over every backend A polled, starting from A's last look.
      await onA.stop();
      await vi.waitFor(() => expect(polled(a)).toEqual([]), { timeout: 2_000, interval: 20 });
      const danube = targets.get('lab-danube');
      if (!danube) throw new Error('no danube target');
      // Made while the poll may be changing hands: told all the same, once.
      await takeBehindItsBack(other, danube.targetId, 'handed-over');
      await vi.waitFor(() => expect(polled(b).sort()).toEqual(BACKENDS), { timeout: 5_000, interval: 20 });
      await untilBaseline(b, ['lab-danube']);
      await vi.waitFor(() => expect(onB.seen.filter((s) => s.change.name === 'handed-over')).toHaveLength(1), { timeout: 3_000, interval: 10 });
    } finally {
      await onA.stop();
      await onB.stop();
      await clientA.dispose();
      await clientB.dispose();
    }
  });
});
