// The configuration: a valid file becomes backends with credentials from the environment; every mistake is one
// line naming the field, and the CLI exits non-zero on it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { withoutRedis } from './helpers/gateway.js';

const dir = mkdtempSync(join(tmpdir(), 'gateway-config-'));
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const valid = {
  backends: [
    {
      name: 'prod-libvirt',
      kind: 'LIBVIRT',
      baseUrl: 'https://libvirt.example:8080',
      credentials: { username: 'LIBVIRT_USER', password: 'LIBVIRT_PASSWORD' },
    },
  ],
  http: { timeoutMs: 5000 },
};

describe('loadConfig', () => {
  it("checks a backend's address as its kind takes it: an http(s) URL, or a libvirt URI for LIBVIRTD", () => {
    const host = { name: 'host1', kind: 'LIBVIRTD', baseUrl: 'qemu+ssh://gateway@host1/system?keyfile=/etc/gateway/key' };
    expect(loadConfig(['--config', file('libvirtd.json', { backends: [host] })], {}).backends[0]).toMatchObject(host);
    const http = file('libvirtd-http.json', { backends: [{ ...host, baseUrl: 'http host1' }] });
    expect(() => loadConfig(['--config', http], {})).toThrow(/backends\[0\]\.baseUrl: must be a libvirt URI, e\.g\. qemu:\/\/\/system/);
    const rest = file('libvirt-uri.json', { backends: [{ ...valid.backends[0], baseUrl: 'qemu:///system' }] });
    expect(() => loadConfig(['--config', rest], { LIBVIRT_USER: 'a', LIBVIRT_PASSWORD: 'b' })).toThrow(/backends\[0\]\.baseUrl: must be an http\(s\) URL/);
  });

  it('reads backends, reads credentials from the environment variables named, and applies defaults', () => {
    const path = file('valid.json', valid);
    const config = loadConfig(['--config', path], { LIBVIRT_USER: 'admin', LIBVIRT_PASSWORD: 's3cret' });
    expect(config.backends[0]).toMatchObject({ name: 'prod-libvirt', kind: 'LIBVIRT', settings: {} });
    expect(config.secrets.get('prod-libvirt')).toEqual({ username: 'admin', password: 's3cret' });
    expect(config.http).toEqual({
      timeoutMs: 5000,
      readRetries: 2,
      concurrency: 16,
      circuitBreaker: { consecutiveFailures: 5, halfOpenAfterMs: 5000 },
      cors: { origins: [], credentials: false, maxAgeSeconds: 600 },
      csrfPrevention: true,
      allowedHosts: [],
    });
    expect(config.backends[0]?.timeoutMs).toBeUndefined();
    expect(config.env.LAB_FAULTS).toEqual({});
    expect(config.limits).toEqual({
      maxPageSize: 1000,
      maxBatchSize: 1000,
      maxDepth: 12,
      maxAliases: 30,
      maxCost: 100_000_000,
      maxBodyBytes: 1024 * 1024,
      introspection: true,
    });
    expect(config.env).toMatchObject({ PORT: 4000, HOST: '127.0.0.1', LAB_SCALE: 1 });
    expect(loadConfig([], { GATEWAY_CONFIG: path, LIBVIRT_USER: 'a', LIBVIRT_PASSWORD: 'b', PORT: '0' }).env.PORT).toBe(0);
  });

  it('reads the CORS allowlist as browsers send origins: lower case, without a default port or a trailing slash', () => {
    const path = file('cors.json', { ...valid, http: { cors: { origins: ['HTTPS://App.Example:443/', 'http://localhost:5173'], credentials: true }, csrfPrevention: false } });
    const config = loadConfig(['--config', path], { LIBVIRT_USER: 'a', LIBVIRT_PASSWORD: 'b' });
    expect(config.http.cors).toEqual({ origins: ['https://app.example', 'http://localhost:5173'], credentials: true, maxAgeSeconds: 600 });
    expect(config.http.csrfPrevention).toBe(false);
  });

  it('reads a backend\'s own timeout and the circuit breaker settings', () => {
    const path = file('tuned.json', {
      backends: [{ ...valid.backends[0], timeoutMs: 500 }],
      http: { circuitBreaker: { halfOpenAfterMs: 30_000 } },
    });
    const config = loadConfig(['--config', path], { LIBVIRT_USER: 'a', LIBVIRT_PASSWORD: 'b' });
    expect(config.backends[0]?.timeoutMs).toBe(500);
    expect(config.http.timeoutMs).toBe(10_000);
    expect(config.http.circuitBreaker).toEqual({ consecutiveFailures: 5, halfOpenAfterMs: 30_000 });
  });

  it("reads the read cache's window and size, and a backend's own window; a negative window names its field", () => {
    const env = { LIBVIRT_USER: 'a', LIBVIRT_PASSWORD: 'b' };
    expect(loadConfig(['--config', file('plain.json', valid)], env).cache).toEqual({ freshnessMs: 2_000, maxBytes: 64 * 1024 * 1024 });
    const tuned = loadConfig(['--config', file('cached.json', { ...valid, backends: [{ ...valid.backends[0], freshnessMs: 0 }], cache: { freshnessMs: 5_000 } })], env);
    expect(tuned.cache.freshnessMs).toBe(5_000);
    expect(tuned.backends[0]?.freshnessMs).toBe(0);
    expect(() => loadConfig(['--config', file('negative.json', { ...valid, cache: { freshnessMs: -1 } })], env)).toThrow(/cache\.freshnessMs/);
  });

  it('reads persisted documents: APQ on and no allowlist by default; trusted-only mode needs a file', () => {
    const env = { LIBVIRT_USER: 'a', LIBVIRT_PASSWORD: 'b' };
    expect(loadConfig(['--config', file('plain.json', valid)], env).persistedDocuments).toEqual({ only: false, apq: true });
    const strict = loadConfig(['--config', file('strict.json', { ...valid, persistedDocuments: { file: 'allowlist.json', only: true, apq: false } })], env);
    expect(strict.persistedDocuments).toEqual({ file: 'allowlist.json', only: true, apq: false });
    expect(() => loadConfig(['--config', file('fileless.json', { ...valid, persistedDocuments: { only: true } })], env)).toThrow(
      /persistedDocuments\.only: only: true needs a file of trusted documents/,
    );
  });

  it('reads limits from the file, keeping the defaults of those it does not set', () => {
    const path = file('limits.json', { ...valid, limits: { maxDepth: 20, maxCost: 5000, introspection: false } });
    const { limits } = loadConfig(['--config', path], { LIBVIRT_USER: 'a', LIBVIRT_PASSWORD: 'b' });
    expect(limits).toMatchObject({ maxDepth: 20, maxCost: 5000, introspection: false, maxAliases: 30, maxPageSize: 1000 });
  });

  it('has no backends (so the lab runs) when no file is given', () => {
    expect(loadConfig([], {}).backends).toEqual([]);
  });

  it.each([
    ['an unknown kind', { backends: [{ ...valid.backends[0], kind: 'VMWARE' }] }, /backends\[0\]\.kind: /],
    ['a bad URL', { backends: [{ ...valid.backends[0], baseUrl: 'ftp://x' }] }, /backends\[0\]\.baseUrl: must be an http\(s\) URL/],
    ['a bad name', { backends: [{ ...valid.backends[0], name: 'has space' }] }, /backends\[0\]\.name: /],
    ['an unknown field', { backends: [{ ...valid.backends[0], pasword: 'x' }] }, /backends\[0\]: .*pasword/],
    ['a name used twice', { backends: [valid.backends[0], valid.backends[0]] }, /backends\[1\]\.name: 'prod-libvirt' is used twice/],
    ['a timeout out of range', { ...valid, http: { timeoutMs: 1 } }, /http\.timeoutMs: /],
    ['a token kept in clear', { ...valid, auth: { tokens: [{ name: 'ci', sha256: 'my-token', scopes: ['snapshots:read'] }] } }, /auth\.tokens\[0\]\.sha256: must be 64 lowercase hex digits/],
    ['an unknown scope', { ...valid, auth: { tokens: [{ name: 'ci', sha256: 'a'.repeat(64), scopes: ['admin'] }] } }, /auth\.tokens\[0\]\.scopes\[0\]: /],
    ['a malformed grant', { ...valid, auth: { tokens: [{ name: 'ci', sha256: 'a'.repeat(64), scopes: ['snapshots:read'], backends: ['a/b/c'] }] } }, /auth\.tokens\[0\]\.backends\[0\]: each must be/],
    ['two JWT key sources', { ...valid, auth: { jwt: { jwksUrl: 'https://idp.example/jwks', secretEnv: 'JWT_SECRET' } } }, /auth\.jwt: give exactly one of jwksUrl, publicKeyEnv or secretEnv/],
    ['two tokens of one name', { ...valid, auth: { tokens: [1, 2].map(() => ({ name: 'ci', sha256: 'a'.repeat(64), scopes: ['snapshots:read'] })) } }, /auth\.tokens: token names must be unique/],
    ['a backend timeout out of range', { backends: [{ ...valid.backends[0], timeoutMs: 50 }] }, /backends\[0\]\.timeoutMs: /],
    ['a backend timeout that is not a number', { backends: [{ ...valid.backends[0], timeoutMs: '5s' }] }, /backends\[0\]\.timeoutMs: /],
    ['a circuit that never opens', { ...valid, http: { circuitBreaker: { consecutiveFailures: 0 } } }, /http\.circuitBreaker\.consecutiveFailures: /],
    ['an unknown circuit field', { ...valid, http: { circuitBreaker: { halfOpenAfter: 5 } } }, /http\.circuitBreaker: .*halfOpenAfter/],
    ['a CORS origin with a path', { ...valid, http: { cors: { origins: ['https://app.example/ui'] } } }, /http\.cors\.origins\[0\]: must be an origin: http\(s\):\/\/host\[:port\], without a path/],
    ['a CORS wildcard', { ...valid, http: { cors: { origins: ['*'] } } }, /http\.cors\.origins\[0\]: must be an origin/],
    ['CSRF prevention given as a string', { ...valid, http: { csrfPrevention: 'off' } }, /http\.csrfPrevention: /],
    ['a depth limit below 2', { ...valid, limits: { maxDepth: 1 } }, /limits\.maxDepth: /],
    ['introspection given as a string', { ...valid, limits: { introspection: 'off' } }, /limits\.introspection: /],
    ['an unknown limit', { ...valid, limits: { maxComplexity: 5 } }, /limits: .*maxComplexity/],
  ])('names the field for %s', (_what, content, message) => {
    const path = file('bad.json', content);
    expect(() => loadConfig(['--config', path], { LIBVIRT_USER: 'a', LIBVIRT_PASSWORD: 'b' })).toThrow(message);
  });

  /** The one line a mistaken file gets, less the file's path that starts it. */
  function mistake(name: string, content: unknown, env: NodeJS.ProcessEnv = { LIBVIRT_USER: 'a', LIBVIRT_PASSWORD: 'b' }): string {
    const path = file(name, content);
    try {
      loadConfig(['--config', path], env);
    } catch (error) {
      if (error instanceof ConfigError && error.message.startsWith(path)) return error.message.slice(path.length);
      throw error;
    }
    throw new Error('the config was accepted');
  }

  const backend = valid.backends[0];
  const token = { name: 'ci', sha256: 'a'.repeat(64), scopes: ['snapshots:read'] };
  it.each([
    ['a backend', { backends: [{ name: 'x', kind: 'LIBVIRT', baseURL: 'http://x' }] }, ".backends[0]: unknown key 'baseURL' (did you mean 'baseUrl'?)"],
    ['a backend, beside a field it also gets wrong', { backends: [{ ...backend, kind: 'VMWARE', timeout: 500 }] }, ".backends[0]: unknown key 'timeout' (did you mean 'timeoutMs'?)"],
    ['the file', { ...valid, backend: [] }, ": unknown key 'backend' (did you mean 'backends'?)"],
    ['the file, with nothing like it', { ...valid, colour: 'blue' }, ": unknown key 'colour'"],
    ['http', { ...valid, http: { timeoutMS: 5000 } }, ".http: unknown key 'timeoutMS' (did you mean 'timeoutMs'?)"],
    ['http.circuitBreaker', { ...valid, http: { circuitBreaker: { consecutivefailures: 3 } } }, ".http.circuitBreaker: unknown key 'consecutivefailures' (did you mean 'consecutiveFailures'?)"],
    ['limits', { ...valid, limits: { maxPagesize: 10, maxDeph: 5 } }, ".limits: unknown keys 'maxPagesize' (did you mean 'maxPageSize'?), 'maxDeph' (did you mean 'maxDepth'?)"],
    ['auth', { ...valid, auth: { token: [] } }, ".auth: unknown key 'token' (did you mean 'tokens'?)"],
    ['auth.jwt', { ...valid, auth: { jwt: { secretENV: 'JWT_SECRET' } } }, ".auth.jwt: unknown key 'secretENV' (did you mean 'secretEnv'?)"],
    ['auth.tokens[i]', { ...valid, auth: { tokens: [token, { name: 'ci2', sha256: 'b'.repeat(64), scope: ['snapshots:read'] }] } }, ".auth.tokens[1]: unknown key 'scope' (did you mean 'scopes'?)"],
    ['rateLimit', { ...valid, rateLimit: { burts: 10 } }, ".rateLimit: unknown key 'burts' (did you mean 'burst'?)"],
  ])('names an unknown key first, with the key it probably meant: %s', (_where, content, line) => {
    expect(mistake('unknown-key.json', content)).toBe(line);
  });

  it.each([
    ['a secret that reads as a variable name', 'admin', 'environment variable admin is not set'],
    ['a secret with a space', 'correct horse', 'this value is no such name (letters, digits and _, not starting with a digit)'],
    ['a secret starting with a digit', '1hunter2', 'this value is no such name (letters, digits and _, not starting with a digit)'],
  ])('says a credential takes the name of a variable, not the secret, for %s', (_what, secret, why) => {
    const content = { backends: [{ ...backend, credentials: { username: secret, password: 'LIBVIRT_PASSWORD' } }] };
    const line = mistake('inline-secret.json', content);
    expect(line).toBe(`.backends[0].credentials.username: takes the name of an environment variable holding the secret, not the secret; ${why}`);
    // A value that cannot be a name is likely the secret itself: the line never repeats it.
    if (!why.includes(secret)) expect(line).not.toContain(secret);
  });

  it('names the variable when a credential is not in the environment', () => {
    const path = file('valid.json', valid);
    expect(() => loadConfig(['--config', path], { LIBVIRT_USER: 'a' })).toThrow(
      /backends\[0\]\.credentials\.password: takes the name of an environment variable holding the secret, not the secret; environment variable LIBVIRT_PASSWORD is not set$/,
    );
  });

  it('reads the JWT key from the variable auth.jwt names, and names it when it is not set', () => {
    const path = file('jwt.json', { ...valid, auth: { jwt: { secretEnv: 'JWT_SECRET', issuer: 'https://idp.example' } } });
    const env = { LIBVIRT_USER: 'a', LIBVIRT_PASSWORD: 'b' };
    const config = loadConfig(['--config', path], { ...env, JWT_SECRET: 'shared-secret' });
    expect(config.authSecrets).toEqual({ jwtKey: 'shared-secret' });
    expect(config.auth?.jwt?.algorithms).toEqual(['HS256']);
    expect(config.rateLimit).toEqual({ mutationsPerMinute: 120, burst: 60 });
    expect(() => loadConfig(['--config', path], env)).toThrow(/auth\.jwt\.secretEnv: environment variable JWT_SECRET is not set/);
  });

  it('says so when the file is missing or not JSON, and when the environment is wrong', () => {
    expect(() => loadConfig(['--config', join(dir, 'nope.json')], {})).toThrow(/nope\.json: cannot read it/);
    expect(() => loadConfig(['--config', file('broken.json', '{"backends": [')], {})).toThrow(/broken\.json: not valid JSON/);
    expect(() => loadConfig([], { PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig([], { PORT: 'eighty' })).toThrow(/^env\.PORT: /);
    expect(() => loadConfig(['--config'], {})).toThrow(/--config: give the path/);
  });
});

describe('the CLI on a bad config', () => {
  it('prints one line naming the field and exits 2', () => {
    const path = file('cli-bad.json', { backends: [{ ...valid.backends[0], kind: 'VMWARE' }] });
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--config', path], {
      encoding: 'utf8',
      env: { ...withoutRedis(), PORT: '0' },
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^snapshot-gateway: .*cli-bad\.json\.backends\[0\]\.kind: /);
    expect(run.stdout).toBe('');
  });

  it.each([
    [
      'a misspelt key',
      { backends: [{ name: 'x', kind: 'LIBVIRT', baseURL: 'http://libvirt.example' }] },
      ".backends[0]: unknown key 'baseURL' (did you mean 'baseUrl'?)",
    ],
    [
      'a secret in place of a variable name',
      { backends: [{ ...valid.backends[0], credentials: { username: 'LIBVIRT_USER', password: 'hunter 2' } }] },
      '.backends[0].credentials.password: takes the name of an environment variable holding the secret, not the secret; this value is no such name (letters, digits and _, not starting with a digit)',
    ],
  ])('points at %s in one line and exits 2', (_what, content, tail) => {
    const path = file('cli-mistake.json', content);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--config', path], {
      encoding: 'utf8',
      env: { ...withoutRedis(), PORT: '0', LIBVIRT_USER: 'a' },
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([`snapshot-gateway: ${path}${tail}`]);
    expect(run.stdout).toBe('');
  });
});
