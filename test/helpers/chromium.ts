// Debian's Chromium through playwright-core, for the browser tests: where it is, how it starts here, and what is
// missing when it cannot (the tests then run only under CI=true, where that fails them).
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export const playwright = await import('playwright-core').catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));

/** What the browser tests lack here, in words that say how to get it; empty when they can run. */
export const missing = [
  ...(existsSync(CHROMIUM) ? [] : [`${CHROMIUM} (apt-get install -y --no-install-recommends chromium)`]),
  ...(playwright instanceof Error ? [`playwright-core (${playwright.message})`] : []),
];

/** Whether the browser tests run: where Chromium is, and always under CI=true. */
export const browserTestsRun = missing.length === 0 || process.env.CI === 'true';

/** Labs and a Chromium starting on the two cores the rest of the suite shares (a clean clone's first run) take a while. */
export const STARTUP_MS = 90_000;
