// The progress UI's files: its page, and the bundle built into dist/ui/assets/ (npm run build) or, running from
// src/ under tsx, bundled on first use. Loaded once per process.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export interface UiFile {
  body: string;
  contentType: string;
  /** A strong validator of the body, for If-None-Match. */
  etag: string;
}

export interface UiAssets {
  page: UiFile;
  script: UiFile;
  styles: UiFile;
}

/** Where `npm run build` puts the bundle, beside this module's compiled copy. */
const BUILT_ASSETS = new URL('./assets/', import.meta.url);

const file = (body: string, contentType: string): UiFile => ({
  body,
  contentType,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
});

/** The page: its script and styles by relative path, so it works behind a proxy that serves the gateway under a prefix. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Snapshot gateway: progress</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="app.css">
<script type="module" src="app.js"></script>
</head>
<body>
<header>
  <h1>Snapshot gateway</h1>
  <span id="socket" data-open="false">connecting…</span>
  <form id="token-form"><label>Token <input id="token" type="password" autocomplete="off" placeholder="only where the gateway asks for one"></label></form>
  <a href="../graphql">GraphiQL</a>
</header>
<main>
  <section class="panel" aria-labelledby="backends-heading">
    <h2 id="backends-heading">Backends</h2>
    <ul id="backends"></ul>
  </section>
  <section class="panel" aria-labelledby="estate-heading">
    <h2 id="estate-heading">VMs and snapshots</h2>
    <form id="create-form">
      <select id="target" aria-label="VM or drive to snapshot" required></select>
      <input id="snapshot-name" aria-label="snapshot name" required maxlength="128" value="before-upgrade">
      <button type="submit">Create snapshot</button>
    </form>
    <div class="toolbar">
      <button id="delete-selected" type="button" disabled>Delete selected (0)</button>
      <button id="refresh" type="button">Refresh</button>
    </div>
    <div id="estate"><p class="none">Loading…</p></div>
  </section>
  <section class="panel operations" aria-labelledby="operations-heading">
    <h2 id="operations-heading">Running</h2>
    <ul id="running"></ul>
    <h2 id="finished-heading">Finished</h2>
    <ul id="finished"></ul>
  </section>
</main>
<div id="notices" aria-live="polite"></div>
</body>
</html>
`;

async function load(): Promise<UiAssets> {
  const built = await Promise.all([readFile(new URL('app.js', BUILT_ASSETS), 'utf8'), readFile(new URL('app.css', BUILT_ASSETS), 'utf8')]).catch(
    (error: unknown) => {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
      throw error;
    },
  );
  // Imported only here: a built gateway never loads esbuild.
  const { js, css } = built ? { js: built[0], css: built[1] } : await (await import('./bundle.js')).bundleUi();
  return {
    page: file(PAGE, 'text/html; charset=utf-8'),
    script: file(js, 'text/javascript; charset=utf-8'),
    styles: file(css, 'text/css; charset=utf-8'),
  };
}

let loading: Promise<UiAssets> | null = null;

export function uiAssets(): Promise<UiAssets> {
  loading ??= load();
  // A failed load is tried again next time (a bundle fixed under `npm run dev`, say).
  loading.catch(() => (loading = null));
  return loading;
}
