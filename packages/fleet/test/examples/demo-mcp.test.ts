import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, expect, test } from 'bun:test';

import { runProcess } from '../support/spawn.js';

// `bun run demo:mcp` as a newcomer runs it: three agents, each an MCP SDK client on its own `fleet mcp` process.
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const project = mkdtempSync(join(tmpdir(), 'fleet-demo-mcp-test-'));
afterAll(() => {
  rmSync(project, { recursive: true, force: true });
});

test('bun run demo:mcp: agents coordinate through fleet mcp processes, and the replay check passes', async () => {
  const { code, out, err } = await runProcess(['bun', 'run', 'demo:mcp', '--project', project], {
    cwd: ROOT,
  });
  if (code !== 0) console.error(out, err);
  expect(code).toBe(0);
  expect(out).toContain(
    'tools/list: register, whoami, send, inbox, read, ack, reserve, renew, release, holders, status',
  );
  for (const name of ['lead', 'viper-1', 'viper-2'])
    expect(out).toMatch(new RegExp(`^${name} +registered$`, 'm'));
  expect(out.match(/GRANTED src\/parser\.ts \(exclusive\)/g)).toHaveLength(1);
  expect(out).toMatch(/^viper-\d +DENIED src\/parser\.ts \(RESERVATION_CONFLICT: held by viper-\d\)$/m);
  expect(out).toMatch(/^viper-\d +GRANTED src\/parser\.ts on retry$/m);
  expect(out).toMatch(/^ {2}file_conflict +1$/m);
  expect(out).toMatch(/^ {2}message_acked +2$/m);
  expect(out).toMatch(/^ {2}pilot_deregistered +3$/m);
  expect(out).toMatch(/\nPASS {2}the projections replayed from 20 events equal the live ones\n/);
  expect(out).not.toContain('PROBLEM');
}, 30_000);
