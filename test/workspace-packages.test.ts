import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'bun:test';

import { WorkspacePackageError, workspacePackages } from '../scripts/workspace-packages.js';

// workspacePackages reads real directories: each case writes a small workspace into a temporary folder.
const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A workspace whose packages/<dir>/package.json holds each given manifest (a string is written as is). */
function workspace(manifests: Record<string, object | string>): string {
  const root = mkdtempSync(join(tmpdir(), 'fleet-workspace-'));
  roots.push(root);
  for (const [dir, manifest] of Object.entries(manifests)) {
    mkdirSync(join(root, 'packages', dir), { recursive: true });
    const text = typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
    writeFileSync(join(root, 'packages', dir, 'package.json'), text);
  }
  mkdirSync(join(root, 'packages', 'not-a-package'), { recursive: true });
  return root;
}

describe('workspacePackages', () => {
  test('finds every package and puts each after the workspace packages it depends on', () => {
    const root = workspace({
      a: { name: '@x/app', version: '1.0.0', dependencies: { '@x/mid': 'workspace:*', zod: '4.6.7' } },
      m: { name: '@x/mid', version: '1.0.0', devDependencies: { '@x/base': 'workspace:^' } },
      z: { name: '@x/base', version: '1.0.0', private: true },
    });
    const found = workspacePackages(root);
    expect(found.map((pkg) => pkg.name)).toEqual(['@x/base', '@x/mid', '@x/app']);
    expect(found[0]).toMatchObject({
      private: true,
      workspaceDependencies: [],
      dir: join(root, 'packages/z/'),
    });
    expect(found[2]?.workspaceDependencies).toEqual(['@x/mid']);
  });

  test('a bin given as a string is named after the package; an object keeps its names', () => {
    const root = workspace({
      a: { name: '@x/tool', version: '1.0.0', bin: './dist/tool.js' },
      b: { name: 'plain', version: '1.0.0', bin: { one: './one.js', two: './two.js' } },
    });
    expect(workspacePackages(root).map((pkg) => pkg.bins)).toEqual([
      { tool: './dist/tool.js' },
      { one: './one.js', two: './two.js' },
    ]);
  });

  test('a cycle of workspace dependencies is a WorkspacePackageError', () => {
    const root = workspace({
      a: { name: 'a', version: '1.0.0', dependencies: { b: 'workspace:*' } },
      b: { name: 'b', version: '1.0.0', dependencies: { a: 'workspace:*' } },
    });
    expect(() => workspacePackages(root)).toThrow(WorkspacePackageError);
    expect(() => workspacePackages(root)).toThrow('its workspace dependencies form a cycle');
  });

  test('a workspace: range naming no package of packages/ is a WorkspacePackageError', () => {
    const root = workspace({ a: { name: 'a', version: '1.0.0', dependencies: { ghost: 'workspace:*' } } });
    expect(() => workspacePackages(root)).toThrow('ghost is not a package of packages/');
  });

  test('a package.json without a version is a WorkspacePackageError naming the file and the field', () => {
    const root = workspace({ a: { name: 'a' } });
    let caught: unknown;
    try {
      workspacePackages(root);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WorkspacePackageError);
    expect(caught).toMatchObject({ code: 'WORKSPACE_PACKAGE_INVALID' });
    expect(String(caught)).toContain(join(root, 'packages/a/package.json'));
    expect(String(caught)).toContain('version');
  });
});
