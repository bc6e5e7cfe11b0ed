// The progress UI in a real browser (Chromium through playwright-core) on the lab, every request off the machine
// aborted: it creates a snapshot and sees its bar move (ManageIQ's percentages; Danube's phases on an
// indeterminate bar) and the tree take it in, reverts, deletes, cancels, clones, bulk deletes, and shows a typed
// error for what a backend cannot do. UI_SCREENSHOTS=docs/ui writes the screenshots docs/ui.md shows.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { browserTestsRun, CHROMIUM, CHROMIUM_ARGS, missing, playwright, STARTUP_MS } from './helpers/chromium.js';
import { startTestGateway, type TestGateway } from './helpers/gateway.js';

const SCREENSHOTS = process.env.UI_SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'ui-screenshots-'));
/** Long enough for several of ManageIQ's percentages and both of Danube's phases at the test gateway's polling. */
const OP_MS = 3_000;
const STEP_MS = 20_000;
/** A test's few steps, each bounded by STEP_MS. */
const TEST_MS = 60_000;

/** What the page showed of each operation while the test watched, as its recorder (installed below) kept it. */
const watched = z.record(z.string(), z.object({ progress: z.array(z.string()), phases: z.array(z.string()), bars: z.array(z.string()) }));

/** Keeps every distinct progress, phase and bar kind each operation row shows, as the page re-renders. */
function installRecorder(page: Page): Promise<void> {
  return page.evaluate(() => {
    const seen: Record<string, { progress: string[]; phases: string[]; bars: string[] }> = {};
    Reflect.set(window, 'uiSeen', seen);
    const keep = (list: string[], value: string) => {
      if (value !== '' && !list.includes(value)) list.push(value);
    };
    const record = () => {
      for (const row of document.querySelectorAll<HTMLElement>('#running .operation')) {
        const id = row.dataset.operationId ?? '';
        const entry = (seen[id] ??= { progress: [], phases: [], bars: [] });
        keep(entry.progress, row.dataset.progress ?? '');
        keep(entry.phases, row.dataset.phase ?? '');
        keep(entry.bars, row.querySelector('.bar')?.className ?? '');
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

const seenOn = async (page: Page) => watched.parse(await page.evaluate(() => Reflect.get(window, 'uiSeen')));

describe.runIf(browserTestsRun)('the progress UI in a browser', () => {
  let gw: TestGateway;
  let context: BrowserContext;
  let userDataDir: string;
  let page: Page;
  const offMachine: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (playwright instanceof Error || missing.length > 0) throw new Error(`the browser test needs ${missing.join(' and ')}`);
    // In trusted-only mode, the strictest: the UI names its documents by hash, over HTTP and graphql-ws.
    gw = await startTestGateway({ opMs: OP_MS }, { app: { persistedDocuments: { trusted: new Map(), only: true, apq: false } } });
    mkdirSync(SCREENSHOTS, { recursive: true });
    userDataDir = mkdtempSync(join(tmpdir(), 'ui-chromium-'));
    context = await playwright.chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1500, height: 950 },
    });
    // Offline, like GraphiQL: anything the page asks of another machine is refused and remembered.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (new URL(url).hostname === '127.0.0.1') return route.continue();
      offMachine.push(url);
      return route.abort();
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${gw.url}/ui`);
    await page.locator('#socket[data-open="true"]').waitFor();
    await page.locator('.vm').first().waitFor();
    await installRecorder(page);
  }, STARTUP_MS);
  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5 });
    await gw?.close();
  });

  /** The value of the first target option of `backend` (a VM, or a drive where the backend snapshots drives). */
  async function targetOf(backend: string): Promise<{ id: string; label: string }> {
    const option = page.locator('#target option', { hasText: `(${backend})` }).first();
    const id = await option.getAttribute('value');
    const label = await option.textContent();
    if (!id || !label) throw new Error(`no target of ${backend}`);
    return { id, label };
  }

  async function create(backend: string, name: string): Promise<void> {
    await page.selectOption('#target', (await targetOf(backend)).id);
    await page.fill('#snapshot-name', name);
    await page.getByRole('button', { name: 'Create snapshot' }).click();
  }

  /** A snapshot's own row (not its children's), in the estate. */
  const rowOf = (scope: Locator | Page, name: string): Locator => scope.locator(`.snapshot[data-name="${name}"] >> nth=0`).locator(':scope > .row');
  const finished = (text: string): Locator => page.locator('#finished .operation', { hasText: text }).first();

  it('creates a snapshot and shows its progress move, determinate (ManageIQ) and indeterminate with phases (Danube), then the tree takes it in', async () => {
    const vm = await targetOf('lab-manageiq');
    await create('lab-manageiq', 'ui-made');
    await create('lab-danube', 'ui-danube');
    // Mid-way: a determinate bar part-way, beside Danube's indeterminate one.
    await page.locator('#running .operation .bar.determinate[aria-valuenow]:not([aria-valuenow="0"])').first().waitFor({ timeout: STEP_MS });
    await page.screenshot({ path: join(SCREENSHOTS, 'progress.png') });

    await expect.poll(() => page.locator('#finished .operation[data-status="SUCCEEDED"]').count(), { timeout: STEP_MS }).toBe(2);
    const seen = Object.values(await seenOn(page));
    const manageiq = seen.find((s) => s.phases.some((p) => p.includes('ui-made')));
    const danube = seen.find((s) => s.phases.includes('started'));
    expect(manageiq?.progress.length, JSON.stringify(seen)).toBeGreaterThan(2);
    expect(manageiq?.bars).toContain('bar determinate');
    expect(danube?.bars).toEqual(['bar indeterminate']);
    expect(danube?.phases).toEqual(expect.arrayContaining(['pending', 'started']));

    const card = page.locator(`.vm[data-vm-id="${vm.id}"]`);
    await rowOf(card, 'ui-made').waitFor({ timeout: STEP_MS });
    expect(await card.locator('.snapshot[data-name="ui-made"]').first().getAttribute('data-current')).toBe('true');
    await page.locator('.snapshot[data-name="ui-danube"]').first().waitFor({ timeout: STEP_MS });
  }, TEST_MS);

  it('reverts to another snapshot, which becomes current, and deletes the one it made, which leaves the tree', async () => {
    const vm = await targetOf('lab-manageiq');
    const card = page.locator(`.vm[data-vm-id="${vm.id}"]`);
    const other = await card.locator('.snapshot[data-current="false"]').first().getAttribute('data-name');
    if (!other) throw new Error('the VM has no other snapshot to revert to');
    await rowOf(card, other).getByRole('button', { name: 'Revert' }).click();
    await expect.poll(() => finished(`Revert to ${other}`).getAttribute('data-status', { timeout: 500 }), { timeout: STEP_MS }).toBe('SUCCEEDED');
    await expect.poll(() => card.locator(`.snapshot[data-name="${other}"]`).first().getAttribute('data-current', { timeout: 500 }), { timeout: STEP_MS }).toBe('true');

    await rowOf(card, 'ui-made').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => finished('Delete ui-made').getAttribute('data-status', { timeout: 500 }), { timeout: STEP_MS }).toBe('SUCCEEDED');
    await expect.poll(() => card.locator('.snapshot[data-name="ui-made"]').count(), { timeout: STEP_MS }).toBe(0);
  }, TEST_MS);

  it('shows the typed error of what a backend cannot do (revert on CloudSigma), and starts nothing', async () => {
    const before = await page.locator('.operation').count();
    const section = page.locator('.backend-vms[data-backend="lab-cloudsigma"]');
    const name = await section.locator('.snapshot').first().getAttribute('data-name');
    if (!name) throw new Error('CloudSigma has no snapshot');
    await rowOf(section, name).getByRole('button', { name: 'Revert' }).click();
    const notice = page.locator('.notice[data-error-type="UnsupportedOperationError"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('capabilities.revert is false');
    await page.screenshot({ path: join(SCREENSHOTS, 'typed-error.png') });
    expect(await page.locator('.operation').count()).toBe(before);
    await notice.getByRole('button', { name: 'dismiss' }).click();
    await expect.poll(() => notice.count()).toBe(0);
  }, TEST_MS);

  it('cancels a running Danube create from its row: it ends CANCELLED and the tree never shows it', async () => {
    await create('lab-danube', 'ui-cancelled');
    const running = page.locator('#running .operation', { hasText: 'Create' }).filter({ has: page.getByRole('button', { name: 'Cancel' }) }).first();
    await running.getByRole('button', { name: 'Cancel' }).click();
    const ended = page.locator('#finished .operation[data-status="CANCELLED"]').first();
    await ended.waitFor({ timeout: STEP_MS });
    expect(await ended.textContent()).toContain('the backend shows nothing of it');
    // The estate reloads once the operation has ended: the row Danube showed while creating is gone.
    await expect.poll(() => page.locator('.snapshot[data-name="ui-cancelled"]').count(), { timeout: STEP_MS }).toBe(0);
  }, TEST_MS);

  it('clones a CloudSigma snapshot into a drive, and bulk deletes two snapshots with one click', async () => {
    const section = page.locator('.backend-vms[data-backend="lab-cloudsigma"]');
    const rows = await section.locator('.snapshot').evaluateAll((found) =>
      found.flatMap((row) => (row instanceof HTMLElement ? [{ id: row.dataset.snapshotId ?? '', name: row.dataset.name ?? '' }] : [])),
    );
    const [cloned, ...rest] = rows;
    const ids = rest.slice(0, 2).map((row) => row.id);
    if (!cloned || ids.length < 2) throw new Error('CloudSigma has fewer than three snapshots');
    const rowById = (id: string) => page.locator(`.snapshot[data-snapshot-id="${id}"] > .row`);
    await rowById(cloned.id).getByRole('button', { name: 'Clone' }).click();
    await expect.poll(() => finished(`Clone ${cloned.name}`).getAttribute('data-status', { timeout: 500 }), { timeout: STEP_MS }).toBe('SUCCEEDED');
    expect(await finished(`Clone ${cloned.name}`).textContent()).toContain('drive ');

    for (const id of ids) await rowById(id).locator('input.pick').check();
    await page.getByRole('button', { name: 'Delete selected (2)' }).click();
    for (const id of ids) await expect.poll(() => page.locator(`.snapshot[data-snapshot-id="${id}"]`).count(), { timeout: STEP_MS }).toBe(0);
    expect(await page.locator('#finished .operation[data-status="FAILED"]').count()).toBe(0);
  }, TEST_MS);

  it('asked nothing of any other machine, and threw no error', () => {
    expect(offMachine).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
