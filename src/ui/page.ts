// Serves the progress UI on /ui/ (docs/ui.md): its page, script and styles, under a policy that lets the page load
// nothing but them and talk to nothing but this gateway, as GraphiQL does, offline.
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logging.js';
import { uiAssets, type UiAssets, type UiFile } from './assets.js';

const FILES: Record<string, (assets: UiAssets) => UiFile> = {
  '/ui/': (assets) => assets.page,
  '/ui/app.js': (assets) => assets.script,
  '/ui/app.css': (assets) => assets.styles,
};

/** Scripts and styles of this origin only; fetch and WebSocket to this origin only ('self' covers ws: of it). */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function useProgressUi(logger: Logger): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== '/ui' && !url.pathname.startsWith('/ui/')) return;
      const answer = (status: number, body: string | null, headers: Record<string, string> = {}) =>
        endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : body, { status, headers: { 'x-content-type-options': 'nosniff', ...headers } }));
      if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'the UI is read with GET\n', { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      // The page links its files relatively, so /ui must end with a slash.
      if (url.pathname === '/ui') return answer(308, null, { location: `/ui/${url.search}` });
      const pick = FILES[url.pathname];
      if (!pick) return answer(404, 'not found\n', { 'content-type': 'text/plain' });
      let assets: UiAssets;
      try {
        assets = await uiAssets();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        logger.error({ error: message }, 'the progress UI could not be loaded');
        return answer(500, `the progress UI could not be loaded: ${message}\n`, { 'content-type': 'text/plain' });
      }
      const file = pick(assets);
      const headers = {
        'content-type': file.contentType,
        etag: file.etag,
        // Revalidated each time (a 304 when unchanged), so a new gateway's UI is never mixed with an old one's.
        'cache-control': 'no-cache',
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'referrer-policy': 'no-referrer',
      };
      if (request.headers.get('if-none-match') === file.etag) return answer(304, null, headers);
      return answer(200, file.body, headers);
    },
  };
}
