import { readFileSync } from 'node:fs';

/** One file the server sends as it is: its bytes and content type. */
export interface Asset {
  readonly body: Buffer;
  readonly type: string;
}

/**
 * The page's stylesheet and script, read once from `src/ui/assets/` (shipped in the package beside `dist/`:
 * the same relative path from `src/ui/` under Bun and from `dist/ui/` under Node). Nothing comes from a CDN.
 */
export function loadAssets(): ReadonlyMap<string, Asset> {
  const dir = new URL('../../src/ui/assets/', import.meta.url);
  const read = (name: string, type: string): [string, Asset] => [
    `/assets/${name}`,
    { body: readFileSync(new URL(name, dir)), type },
  ];
  return new Map([
    read('dashboard.css', 'text/css; charset=utf-8'),
    read('dashboard.js', 'text/javascript; charset=utf-8'),
  ]);
}
