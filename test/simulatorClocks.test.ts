// Danube, CloudSigma and Denvr simulators on a ManualClock over real HTTP: tasks, snapshots and tokens change state
// when the clock is advanced, not when time passes (no sleeps).
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLOUDSIGMA_SIM_DEFAULT_AUTH, startCloudSigmaSimulator } from '../src/connectors/cloudsigma/simulator.js';
import { DANUBE_SIM_DEFAULT_AUTH, startDanubeSimulator } from '../src/connectors/danube/simulator.js';
import { DENVR_SIM_DEFAULT_AUTH, startDenvrSimulator } from '../src/connectors/denvr/simulator.js';
import { ManualClock } from '../src/lab/kit/clock.js';

const started: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { ...init, headers: { 'content-type': 'application/json', ...init.headers } });
  const text = await response.text();
  const body: unknown = text === '' ? null : JSON.parse(text);
  return { status: response.status, body };
}

describe('Danube on a manual clock', () => {
  it('a task is PENDING for a fifth of opMs, then STARTED, then SUCCESS; a token expires after its lifetime', async () => {
    const clock = new ManualClock();
    const sim = await startDanubeSimulator({ vmCount: 2, opMs: 1_000, clock, auth: { tokenTtlSeconds: 60 } });
    started.push(sim);
    const login = await call(`${sim.apiUrl}/accounts/login/`, { method: 'POST', body: JSON.stringify(DANUBE_SIM_DEFAULT_AUTH) });
    const { token } = z.object({ token: z.string() }).parse(login.body);
    const headers = { authorization: `Token ${token}` };
    const vm = sim.vms()[0]?.hostname ?? '';
    const created = await call(`${sim.apiUrl}/vm/${vm}/snapshot/clocked/`, { method: 'POST', headers, body: '{}' });
    const task = z.object({ task_id: z.string() }).parse(created.body).task_id;
    const status = async () => z.object({ status: z.string() }).parse((await call(`${sim.apiUrl}/task/${task}/status/`, { headers })).body).status;
    expect([created.status, await status()]).toEqual([201, 'PENDING']);
    clock.advance(200);
    expect(await status()).toBe('STARTED');
    expect(sim.snapshots(vm).find((s) => s.name === 'clocked')?.status).toBe(2);
    clock.advance(800);
    expect(await status()).toBe('SUCCESS');
    expect(sim.snapshots(vm).find((s) => s.name === 'clocked')?.status).toBe(1);
    clock.advance(59_000);
    expect((await call(`${sim.apiUrl}/vm/`, { headers })).body).toEqual({ detail: 'Token has expired.' });
  });
});

describe('CloudSigma on a manual clock', () => {
  it('a snapshot is creating until opMs have passed; a deletion ends after opMs', async () => {
    const clock = new ManualClock();
    const sim = await startCloudSigmaSimulator({ serverCount: 1, opMs: 500, clock });
    started.push(sim);
    const basic = Buffer.from(`${CLOUDSIGMA_SIM_DEFAULT_AUTH.username}:${CLOUDSIGMA_SIM_DEFAULT_AUTH.password}`).toString('base64');
    const headers = { authorization: `Basic ${basic}` };
    const drive = sim.drives()[0]?.uuid ?? '';
    const created = await call(`${sim.apiUrl}/snapshots/`, { method: 'POST', headers, body: JSON.stringify({ objects: [{ drive, name: 'clocked' }] }) });
    const uuid = z.object({ objects: z.array(z.object({ uuid: z.string() })) }).parse(created.body).objects[0]?.uuid ?? '';
    const statusOf = () => sim.snapshots().find((s) => s.uuid === uuid)?.status;
    expect(statusOf()).toBe('creating');
    clock.advance(500);
    expect(statusOf()).toBe('available');
    expect((await call(`${sim.apiUrl}/snapshots/${uuid}/`, { method: 'DELETE', headers })).status).toBe(204);
    clock.advance(499);
    expect(statusOf()).toBe('available');
    clock.advance(1);
    expect(statusOf()).toBeUndefined();
  });
});

describe('Denvr on a manual clock', () => {
  it('a snapshot is readyToUse after opMs; an access token expires after its lifetime, the refresh token renews it', async () => {
    const clock = new ManualClock();
    const sim = await startDenvrSimulator({ vmCount: 1, opMs: 300, tokenTtlSeconds: 10, clock });
    started.push(sim);
    const auth = await call(`${sim.url}/api/TokenAuth/Authenticate`, {
      method: 'POST',
      body: JSON.stringify({ userNameOrEmailAddress: DENVR_SIM_DEFAULT_AUTH.username, password: DENVR_SIM_DEFAULT_AUTH.password }),
    });
    const { accessToken, refreshToken } = z.object({ result: z.object({ accessToken: z.string(), refreshToken: z.string() }) }).parse(auth.body).result;
    const server = sim.servers()[0];
    if (!server) throw new Error('no server');
    const headers = { authorization: `Bearer ${accessToken}` };
    const body = JSON.stringify({ name: 'clocked', namespace: server.namespace, cluster: server.cluster, sourceVMName: server.name });
    expect((await call(`${sim.url}/api/v1/servers/snapshots/CreateSnapshot`, { method: 'POST', headers, body })).status).toBe(202);
    const ready = () => sim.snapshots().find((s) => s.name === 'clocked')?.readyToUse;
    expect(ready()).toBe(false);
    clock.advance(300);
    expect(ready()).toBe(true);
    clock.advance(10_000);
    const servers = `${sim.url}/api/v1/servers/virtual/GetServers?Cluster=${server.cluster}`;
    expect((await call(servers, { headers })).status).toBe(401);
    expect((await call(`${sim.url}/api/TokenAuth/RefreshToken?refreshToken=${refreshToken}`)).status).toBe(200);
    expect([sim.loginCount(), sim.refreshCount()]).toEqual([1, 1]);
  });
});
