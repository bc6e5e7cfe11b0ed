// The copies in test/fixtures/ are byte for byte what ../shared holds (the design's source of truth).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../src/connectors/registry.js';
import { FIXTURES, SHARED } from './helpers/fixtures.js';

// Each backend's module names its contracts folder.
const copies = ['design/schema-target.graphql', ...BACKENDS.flatMap((backend) => backend.contracts ?? [])];
const sharedHere = existsSync(SHARED);

/** Files under a path (itself if a file), relative to the root. */
function files(root: URL, path: string): string[] {
  const url = new URL(path, root);
  if (!existsSync(url)) return [];
  if (!path.endsWith('.graphql')) return readdirSync(url).map((name) => `${path}/${name}`).sort();
  return [path];
}

describe('fixtures', () => {
  it('match ../shared (CI always has it; a clone on its own checks that the copies are there)', () => {
    if (process.env.CI === 'true') expect(sharedHere, 'CI runs with shared/ beside the clone').toBe(true);
    for (const path of copies) {
      // In fixtures/ the target schema sits at the top, the contracts keep their folders.
      const fixturePath = path.startsWith('design/') ? path.slice('design/'.length) : path;
      const ours = files(FIXTURES, fixturePath);
      expect(ours.length, fixturePath).toBeGreaterThan(0);
      if (!sharedHere) continue;
      const theirs = files(SHARED, path);
      expect(ours.map((f) => f.replace(fixturePath, path))).toEqual(theirs);
      for (const file of theirs) {
        const fixture = new URL(file.replace(path, fixturePath), FIXTURES);
        expect(readFileSync(fixture, 'utf8'), file).toBe(readFileSync(new URL(file, SHARED), 'utf8'));
      }
    }
  });
});
