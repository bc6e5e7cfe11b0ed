// A real browser (Chromium, through playwright-core) on a page of another origin (`localhost` against the gateway's
// `127.0.0.1`): its auto-submitted forms, its JSON fetch and its WebSocket create nothing on a gateway that does not
// list it; once listed, its fetch runs and reads the answer. Runs where Chromium and playwright-core are installed,
// and always under CI=true (where their absence fails it).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { z } from 'zod';
import { boundPort } from '../src/net.js';
import { browserTestsRun, CHROMIUM, CHROMIUM_ARGS, missing, playwright, STARTUP_MS } from './helpers/chromium.js';
import { CreateSnapshot } from './helpers/documents.js';
import { libvirtVmId, operationCount, snapshotNames } from './helpers/effects.js';
import { startTestGateway, type TestGateway } from './helpers/gateway.js';

const SCREENSHOT = '/tmp/csrf-form-refused.png';

const CREATE = print(CreateSnapshot);
/** What the page's script reports of its fetch. */
const fetchOutcome = z.union([
  z.object({ ok: z.literal(true), status: z.number(), body: z.unknown(), requestId: z.string().nullable() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

const attr = (value: string): string =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll("'", '&#39;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const BLANK = '<!doctype html><title>another origin</title><p>another origin';

/** The attacker's site: pages the test puts at paths, served on `localhost`, another origin than the gateway's. */
class Pages {
  private constructor(
    private readonly server: Server,
    private readonly pages: Map<string, string>,
    readonly origin: string,
  ) {}

  static async start(): Promise<Pages> {
    const pages = new Map<string, string>();
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pages.get(req.url ?? '/') ?? BLANK);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new Pages(server, pages, `http://localhost:${boundPort(server)}`);
  }

  /** Serves `html` at `path`; answers the page's URL. */
  put(path: string, html: string): string {
    this.pages.set(path, html);
    return `${this.origin}${path}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** An HTML form that posts itself to `action` as soon as the page loads, as a CSRF page does. */
function autoSubmittedForm(action: string, enctype: string, fields: [name: string, value: string][]): string {
  const inputs = fields.map(([name, value]) => `<input type="hidden" name="${attr(name)}" value="${attr(value)}">`).join('');
  return `<!doctype html><title>win a prize</title><form method="POST" action="${attr(action)}" enctype="${enctype}">${inputs}</form>` +
    '<script>document.forms[0].submit()</script>';
}

describe.runIf(browserTestsRun)('a browser on another origin', () => {
  let pages: Pages;
  let open: TestGateway;
  let listing: TestGateway;
  let context: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    if (playwright instanceof Error || missing.length > 0) throw new Error(`the browser test needs ${missing.join(' and ')}`);
    pages = await Pages.start();
    [open, listing] = await Promise.all([
      startTestGateway(),
      startTestGateway({}, { app: { cors: { origins: [pages.origin], credentials: false, maxAgeSeconds: 600 } } }),
    ]);
    userDataDir = mkdtempSync(join(tmpdir(), 'csrf-chromium-'));
    context = await playwright.chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, STARTUP_MS);
  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5 });
    await Promise.all([open?.close(), listing?.close(), pages?.close()]);
  });

  it('posts its auto-submitted forms (urlencoded, and text/plain shaped as JSON) and the gateway creates nothing', async () => {
    const vmId = await libvirtVmId(open);
    const variables = (name: string) => ({ input: { targetId: vmId, name } });
    const json = JSON.stringify({ query: CREATE, variables: variables('browser-form-text') });
    const forms = [
      autoSubmittedForm(open.graphqlUrl, 'application/x-www-form-urlencoded', [['query', CREATE], ['variables', JSON.stringify(variables('browser-form'))]]),
      // The classic trick: one field whose name is JSON up to a dangling string that its `=value` closes (yoga
      // reads no text/plain, but a server that took any body as JSON would run it).
      autoSubmittedForm(open.graphqlUrl, 'text/plain', [[`${json.slice(0, -1)},"padding":"`, '"}']]),
    ];
    const page = await context.newPage();
    for (const [index, html] of forms.entries()) {
      const url = pages.put(`/form-${index}`, html);
      const answered = page.waitForResponse((r) => r.url() === open.graphqlUrl && r.request().method() === 'POST');
      await page.goto(url);
      const response = await answered;
      // The form's navigation ends on the gateway's refusal.
      await page.waitForURL(open.graphqlUrl);
      expect(response.status()).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'CSRF_PREVENTED' } }] });
      if (index === 0) await page.screenshot({ path: SCREENSHOT });
    }
    await page.close();
    expect(await operationCount(open)).toBe(0);
    const names = await snapshotNames(open);
    expect(names).not.toContain('browser-form');
    expect(names).not.toContain('browser-form-text');
  });

  /** Runs a JSON fetch of a createSnapshot from the attacker's page, and reports what its script could see. */
  async function fetchFromPage(gw: TestGateway, name: string): Promise<z.infer<typeof fetchOutcome>> {
    const page = await context.newPage();
    await page.goto(pages.put(`/fetch-${name}`, BLANK));
    const body = JSON.stringify({ query: CREATE, variables: { input: { targetId: await libvirtVmId(gw), name } } });
    const outcome: unknown = await page.evaluate(
      async ({ url, body }) => {
        try {
          const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          return { ok: true, status: response.status, body: await response.json(), requestId: response.headers.get('x-request-id') };
        } catch (error) {
          return { ok: false, error: String(error) };
        }
      },
      { url: gw.graphqlUrl, body },
    );
    await page.close();
    return fetchOutcome.parse(outcome);
  }

  /** Opens a WebSocket to the gateway from `page` (the attacker's, by default): `open`, or how it closed. */
  async function socketFrom(gw: TestGateway, at?: Page): Promise<string> {
    const page = at ?? (await context.newPage());
    if (!at) await page.goto(pages.put('/socket', BLANK));
    const outcome = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(url, 'graphql-transport-ws');
          socket.onopen = () => {
            socket.close();
            resolve('open');
          };
          socket.onclose = (event) => resolve(`closed ${event.code}`);
        }),
      gw.wsUrl,
    );
    if (!at) await page.close();
    return outcome;
  }

  it('cannot run its JSON fetch against a gateway that does not list it: the preflight fails, nothing is created', async () => {
    const outcome = await fetchFromPage(open, 'browser-fetch');
    expect(outcome).toEqual({ ok: false, error: 'TypeError: Failed to fetch' });
    expect(await operationCount(open)).toBe(0);
    expect(await snapshotNames(open)).not.toContain('browser-fetch');
  });

  it('cannot open a WebSocket to a gateway that does not list it (no cross-site WebSocket hijacking)', async () => {
    expect(await socketFrom(open)).toBe('closed 1006');
  });

  it('leaves GraphiQL, served by the gateway, working: its query runs and its own-origin WebSocket opens', async () => {
    const page = await context.newPage();
    await page.goto(open.graphqlUrl);
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-response').getByText('lab-libvirt').first().waitFor();
    const socket = await socketFrom(open, page);
    expect(socket).toBe('open');
    await page.close();
  });

  it('once listed (http.cors.origins), runs its fetch, reads the answer and its x-request-id, and opens a WebSocket', async () => {
    const outcome = await fetchFromPage(listing, 'browser-listed');
    if (!outcome.ok) throw new Error(`the listed page's fetch failed: ${outcome.error}`);
    expect(outcome.status).toBe(200);
    expect(outcome.body).toMatchObject({ data: { createSnapshot: { __typename: 'OperationPayload', operation: { kind: 'CREATE_SNAPSHOT' } } } });
    expect(outcome.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await operationCount(listing)).toBe(1);
    expect(await socketFrom(listing)).toBe('open');
  });
});

describe.runIf(browserTestsRun)('a browser on a rebound name (DNS rebinding)', () => {
  let open: TestGateway;
  let context: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    if (playwright instanceof Error || missing.length > 0) throw new Error(`the browser test needs ${missing.join(' and ')}`);
    open = await startTestGateway();
    userDataDir = mkdtempSync(join(tmpdir(), 'rebind-chromium-'));
    // evil.test resolves to the gateway's address: what a rebinding DNS server answers once the page has loaded.
    // Chromium's own Local Network Access checks are off: they are Chromium's, not every browser's, and the gateway
    // must hold without them.
    const args = [
      ...CHROMIUM_ARGS,
      '--host-resolver-rules=MAP evil.test 127.0.0.1',
      '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights',
    ];
    context = await playwright.chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, args, headless: true });
  }, STARTUP_MS);
  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5 });
    await open?.close();
  });

  it("cannot act through its same-origin fetch or WebSocket: the gateway refuses the hostile Host", async () => {
    const origin = `http://evil.test:${new URL(open.url).port}`;
    // The attacker's page, as its own server sent it before the name was rebound.
    await context.route(`${origin}/attack`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: BLANK }));
    const page = await context.newPage();
    await page.goto(`${origin}/attack`);
    const body = JSON.stringify({ query: CREATE, variables: { input: { targetId: await libvirtVmId(open), name: 'rebound' } } });
    const outcome: unknown = await page.evaluate(async (body) => {
      try {
        const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return { ok: true, status: response.status, body: await response.json(), requestId: response.headers.get('x-request-id') };
      } catch (error) {
        return { ok: false, error: String(error) };
      }
    }, body);
    const socket = await page.evaluate(
      (url) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url, 'graphql-transport-ws');
          ws.onopen = () => resolve('open');
          ws.onclose = (event) => resolve(`closed ${event.code}`);
        }),
      `${origin.replace('http', 'ws')}/graphql`,
    );
    await page.close();
    // Same origin, so the page reads the answer: the gateway's refusal.
    expect(fetchOutcome.parse(outcome)).toMatchObject({ ok: true, status: 403, body: { errors: [{ extensions: { code: 'HOST_NOT_ALLOWED' } }] } });
    expect(socket).toBe('closed 1006');
    expect(await operationCount(open)).toBe(0);
    expect(await snapshotNames(open)).not.toContain('rebound');
  });
});
