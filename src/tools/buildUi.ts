// `npm run build`'s last step: bundles the progress UI into dist/ui/assets/, where the built gateway reads it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { bundleUi } from '../ui/bundle.js';

const out = new URL('../../dist/ui/assets/', import.meta.url);
const { js, css } = await bundleUi();
mkdirSync(out, { recursive: true });
writeFileSync(new URL('app.js', out), js);
writeFileSync(new URL('app.css', out), css);
console.log(`progress UI: dist/ui/assets/app.js ${(js.length / 1024).toFixed(1)} KiB, app.css ${(css.length / 1024).toFixed(1)} KiB`);
