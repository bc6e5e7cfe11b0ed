// `npm run lab`: the simulators alone, with a config file a gateway (here a real gateway process) can start on.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startGateway } from '../src/start.js';
import { query } from './helpers/gateway.js';
import { FirstVms } from './helpers/documents.js';

describe('npm run lab', () => {
  it('runs the simulators and writes a config whose backends a gateway serves', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lab-')), 'lab.json');
    const lab = spawn(process.execPath, ['--import', 'tsx', 'src/lab/main.ts'], {
      env: { ...process.env, LAB_PORT: '0', LAB_SCALE: '2', LAB_CONFIG_OUT: out },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const printed = await new Promise<string>((resolve, reject) => {
        let text = '';
        lab.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('npm start -- --config')) resolve(text);
        });
        lab.once('exit', (code) => reject(new Error(`lab exited with ${code}: ${text}`)));
      });
      expect(printed).toMatch(/lab-libvirt \(LIBVIRT\) at http:\/\/127\.0\.0\.1:\d+/);
      expect(printed).toMatch(/lab-manageiq \(MANAGEIQ\) at http:\/\/127\.0\.0\.1:\d+/);
      expect(printed).toMatch(/lab-cloudsigma \(CLOUDSIGMA\) at http:\/\/127\.0\.0\.1:\d+\/api\/2\.0/);
      // The printed command names the credential variables; the config file only their names.
      const assignments = Object.fromEntries(
        [...printed.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
      );
      const file: unknown = JSON.parse(readFileSync(out, 'utf8'));
      expect(JSON.stringify(file)).not.toContain('lab-password');
      expect(JSON.stringify(file)).not.toContain('smartvm');
      expect(JSON.stringify(file)).not.toContain('lab-cloudsigma-secret');
      const config = loadConfig(['--config', out], assignments);
      const gateway = await startGateway({
        specs: config.backends.map((b) => ({ ...b, credentials: config.secrets.get(b.name) ?? {} })),
        port: 0,
        host: '127.0.0.1',
      });
      try {
        const data = await query(`${gateway.server.url}/graphql`, FirstVms);
        expect(data.vms.edges.filter((e) => e.node.backend.name === 'lab-libvirt')).toHaveLength(10);
        expect(data.vms.edges.filter((e) => e.node.backend.name === 'lab-manageiq')).toHaveLength(14);
        expect(data.vms.edges.filter((e) => e.node.backend.name === 'lab-cloudsigma')).toHaveLength(10);
        expect(data.vms.edges.filter((e) => e.node.backend.name === 'lab-danube')).toHaveLength(10);
        expect(data.vms.edges.filter((e) => e.node.backend.name === 'lab-denvr')).toHaveLength(10);
        expect(data.vms.edges).toHaveLength(54);
        // CloudSigma snapshots drives, with no current snapshot; every other backend has one per VM.
        const withTrees = data.vms.edges.filter((e) => ['lab-libvirt', 'lab-manageiq'].includes(e.node.backend.name));
        expect(withTrees.every((e) => e.node.currentSnapshot)).toBe(true);
      } finally {
        await gateway.close();
      }
    } finally {
      lab.kill('SIGTERM');
    }
  });
});
