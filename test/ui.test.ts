// The progress UI as the gateway serves it (its page, bundle and styles under a strict content security policy,
// revalidated by ETag; off by config), and the rules of its bars and trees, which run in the browser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barOf, describeElapsed, describeEta, ProgressHistory } from '../src/ui/client/progress.js';
import { treeOf, type TreeItem } from '../src/ui/client/tree.js';
import { startTestGateway, type TestGateway } from './helpers/gateway.js';

describe('the gateway serving the progress UI', () => {
  let gw: TestGateway;
  let off: TestGateway;
  beforeAll(async () => {
    [gw, off] = await Promise.all([startTestGateway(), startTestGateway({}, { app: { ui: false } })]);
  });
  afterAll(async () => {
    await Promise.all([gw?.close(), off?.close()]);
  });

  it('sends /ui on to /ui/, whose page links its script and styles relatively', async () => {
    const moved = await fetch(`${gw.url}/ui?x=1`, { redirect: 'manual' });
    expect(moved.status).toBe(308);
    expect(moved.headers.get('location')).toBe('/ui/?x=1');
    const page = await fetch(`${gw.url}/ui/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<script type="module" src="app.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="app.css">');
  });

  it('lets the page load only its own files and talk only to this gateway', async () => {
    const page = await fetch(`${gw.url}/ui/`);
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy.split('; ')).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]));
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves one self-contained bundle (graphql-ws inside, nothing imported from elsewhere) and its styles', async () => {
    const script = await fetch(`${gw.url}/ui/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const js = await script.text();
    expect(js).toContain('graphql-transport-ws');
    // No import statement or dynamic import at a statement's start (graphql-ws's own message mentions one, in a string).
    expect(js).not.toMatch(/(^|[;}])\s*import\s*[{*"'(]/m);
    const styles = await fetch(`${gw.url}/ui/app.css`);
    expect(styles.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await styles.text()).toContain('.bar.indeterminate');
  });

  it('answers 304 to a copy it still holds, and 404 and 405 to what it does not serve', async () => {
    const first = await fetch(`${gw.url}/ui/app.js`);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await fetch(`${gw.url}/ui/app.js`, { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await fetch(`${gw.url}/ui/secrets.json`)).status).toBe(404);
    const posted = await fetch(`${gw.url}/ui/`, { method: 'POST', body: '{}' });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET, HEAD');
  });

  it('serves nothing on /ui where ui is off, and GraphQL goes on', async () => {
    expect((await fetch(`${off.url}/ui/`)).status).toBe(404);
    expect((await fetch(`${off.url}/ui/app.js`)).status).toBe(404);
    const answer = await fetch(off.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ backends { name } }' }) });
    expect(answer.status).toBe(200);
  });
});

describe('a progress bar', () => {
  it('is determinate with the percentage, indeterminate without one, and full once SUCCEEDED', () => {
    const history = new ProgressHistory();
    expect(barOf('RUNNING', null, history, 0)).toEqual({ mode: 'indeterminate' });
    expect(barOf('PENDING', null, history, 0)).toEqual({ mode: 'indeterminate' });
    expect(barOf('RUNNING', 40, history, 0)).toEqual({ mode: 'determinate', percent: 40, etaMs: null });
    expect(barOf('SUCCEEDED', null, history, 0)).toEqual({ mode: 'finished', percent: 100 });
    expect(barOf('FAILED', 30, history, 0)).toEqual({ mode: 'finished', percent: 30 });
  });

  it('estimates the time left from the rate its percentage moved at, once it moved', () => {
    const history = new ProgressHistory();
    history.record(null, 0);
    history.record(10, 1_000);
    expect(history.etaMs(1_000)).toBeNull();
    history.record(10, 1_500);
    history.record(30, 3_000);
    // 20 points in 2 s: 70 more take 7 s, of which 1 s has gone since the last figure.
    expect(history.etaMs(4_000)).toBe(6_000);
    expect(history.percents()).toEqual([10, 30]);
    expect(barOf('RUNNING', 30, history, 3_000)).toEqual({ mode: 'determinate', percent: 30, etaMs: 7_000 });
    expect(history.etaMs(60_000)).toBe(0);
  });

  it('says the estimate and the time run in words', () => {
    expect(describeEta(400)).toBe('almost done');
    expect(describeEta(4_200)).toBe('about 4 s left');
    expect(describeEta(150_000)).toBe('about 3 min left');
    expect(describeElapsed(3_900)).toBe('3 s');
    expect(describeElapsed(65_000)).toBe('1 min 5 s');
    expect(describeElapsed(-20)).toBe('0 s');
  });
});

describe("a VM's snapshot tree", () => {
  const snapshot = (id: string, parent: string | null, createdAt: string | null = null): TreeItem => ({
    id,
    name: id,
    createdAt,
    parent: parent === null ? null : { id: parent },
  });
  type Shape = [id: string, children: Shape[]];
  const shape = (nodes: ReturnType<typeof treeOf>): Shape[] => nodes.map((n): Shape => [n.snapshot.id, shape(n.children)]);

  it('puts children under their parents, each level oldest first', () => {
    const tree = treeOf([snapshot('c', 'a', '2024-03'), snapshot('a', null, '2024-01'), snapshot('b', 'a', '2024-02'), snapshot('d', 'b', '2024-04')]);
    expect(shape(tree)).toEqual([['a', [['b', [['d', []]]], ['c', []]]]]);
  });

  it('makes a root of one whose parent it was not given, and of each in a loop of parents, dropping none', () => {
    const tree = treeOf([snapshot('orphan', 'gone'), snapshot('x', 'y'), snapshot('y', 'x'), snapshot('flat', null)]);
    expect(shape(tree).length).toBe(4);
    expect(tree.map((n) => n.snapshot.id).sort()).toEqual(['flat', 'orphan', 'x', 'y']);
  });
});
