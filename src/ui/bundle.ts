// Bundles the progress UI's browser code (client/) with esbuild, the compiler tsx runs on: into dist/ui/assets/
// at build time, and in memory on first use where no bundle sits beside this module (under tsx).
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export interface UiBundle {
  js: string;
  css: string;
}

const CLIENT = fileURLToPath(new URL('./client/', import.meta.url));

export async function bundleUi(): Promise<UiBundle> {
  const result = await build({
    entryPoints: { app: `${CLIENT}main.ts`, 'app.styles': `${CLIENT}app.css` },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    outdir: 'ui',
    logLevel: 'silent',
  });
  const output = (suffix: string): string => {
    const file = result.outputFiles.find((f) => f.path.endsWith(suffix));
    if (!file) throw new Error(`esbuild wrote no ${suffix}`);
    return file.text;
  };
  return { js: output('app.js'), css: output('app.styles.css') };
}
