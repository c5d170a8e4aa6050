/**
 * `bun run demo:mcp`: the demo's pilots as coding agents see FleetTools, through MCP.
 *
 * Three agents (a lead and two wingmen) each start their own `fleet mcp` server process over stdio and talk to it
 * with the official MCP SDK client, exactly as Claude Code, Codex, Cursor or OpenCode would: they register, the
 * lead sends the work, both wingmen race for one file (one is refused, the refusal naming the holder and its
 * expiry), they message each other, read and acknowledge, release, and the refused one retries and is granted.
 * Closing a session releases what its pilot held. The run ends with the log's story and a replay check: the
 * projections rebuilt from the log must equal the live ones. Exit code 0 only when every step did what it should.
 *
 * Usage: bun scripts/demo-mcp.ts [--project DIR]   (default: a new temporary directory)
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

import { initProject, openFleet, verifyReplay } from '@fleettools/fleet';

const { values: args } = parseArgs({ options: { project: { type: 'string' } } });
const projectDir =
  args.project === undefined ? mkdtempSync(join(tmpdir(), 'fleet-demo-mcp-')) : resolve(args.project);
mkdirSync(projectDir, { recursive: true });
await initProject({ cwd: projectDir, dir: projectDir });

const FLEET_BIN = join(import.meta.dir, '..', 'packages', 'fleet', 'src', 'bin.ts');
let problems = 0;
const say = (who: string, line: string): void => {
  console.log(`${who.padEnd(8)} ${line}`);
};
const problem = (line: string): void => {
  problems++;
  console.log(`PROBLEM  ${line}`);
};

/** One agent: an MCP SDK client connected to its own `fleet mcp` process. */
interface Agent {
  readonly name: string;
  readonly client: Client;
  /** Calls a tool; the structured result, or the FleetError of a refusal. */
  call(tool: string, input?: Record<string, unknown>): Promise<ToolOutcome>;
}

type ToolOutcome =
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      readonly hint: Record<string, unknown>;
    };

async function startAgent(name: string): Promise<Agent> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [FLEET_BIN, 'mcp'],
    cwd: projectDir,
  });
  const client = new Client({ name: `demo-${name}`, version: '1.0.0' });
  await client.connect(transport);
  const call = async (tool: string, input: Record<string, unknown> = {}): Promise<ToolOutcome> => {
    const result = (await client.callTool({ name: tool, arguments: input })) as CallToolResult;
    if (result.isError !== true) return { ok: true, value: result.structuredContent ?? {} };
    const [first] = result.content;
    const text = first?.type === 'text' ? first.text : '{}';
    const { error } = JSON.parse(text) as {
      error: { code: string; message: string; hint?: Record<string, unknown> };
    };
    return { ok: false, code: error.code, message: error.message, hint: error.hint ?? {} };
  };
  return { name, client, call };
}

console.log('FleetTools MCP demo: 3 agents, each with its own `fleet mcp` process, on one event log');
console.log(`project  ${projectDir}`);
console.log('');

const [lead, viper1, viper2] = await Promise.all(['lead', 'viper-1', 'viper-2'].map(startAgent));
if (lead === undefined || viper1 === undefined || viper2 === undefined)
  throw new Error('three agents expected');
const { tools } = await lead.client.listTools();
say('lead', `tools/list: ${tools.map((tool) => tool.name).join(', ')}`);

for (const agent of [lead, viper1, viper2]) {
  const registered = await agent.call('register', {
    callsign: agent.name,
    program: 'demo-mcp',
    model: 'none',
  });
  if (registered.ok) say(agent.name, 'registered');
  else problem(`${agent.name} could not register: ${registered.message}`);
}

const sent = await lead.call('send', {
  to: ['viper-1', 'viper-2'],
  subject: 'Parser work',
  body: 'Whoever gets src/parser.ts writes it; the other takes the lexer.',
  ack_required: true,
});
say(
  'lead',
  sent.ok ? 'sent "Parser work" to viper-1, viper-2 (ack required)' : `send failed: ${sent.message}`,
);

// Both wingmen race for one file: exactly one is granted.
const race = await Promise.all(
  [viper1, viper2].map(async (agent) => ({
    agent,
    outcome: await agent.call('reserve', { paths: ['src/parser.ts'] }),
  })),
);
const winners = race.filter((entry) => entry.outcome.ok);
const losers = race.filter((entry) => !entry.outcome.ok);
const [winner] = winners;
const [loser] = losers;
if (winners.length !== 1 || winner === undefined || loser === undefined) {
  problem(`expected one grant and one refusal for src/parser.ts, got ${winners.length} grants`);
  process.exit(1);
}
say(winner.agent.name, 'GRANTED src/parser.ts (exclusive)');
if (!loser.outcome.ok) {
  const { hint } = loser.outcome;
  say(loser.agent.name, `DENIED src/parser.ts (${loser.outcome.code}: held by ${String(hint['holder'])})`);
  if (hint['holder'] !== winner.agent.name) problem('the refusal does not name the holder');
  if (typeof hint['expires_at'] !== 'string') problem('the refusal does not say when the hold expires');
}
const lexer = await loser.agent.call('reserve', { paths: ['src/lexer.ts'] });
say(loser.agent.name, lexer.ok ? 'GRANTED src/lexer.ts (exclusive)' : `lexer refused: ${lexer.message}`);
await loser.agent.call('send', {
  to: [winner.agent.name],
  subject: 'Parser',
  body: 'Tell me when src/parser.ts is free: the lexer needs a change there.',
});
say(loser.agent.name, `sent "Parser" to ${winner.agent.name}`);

// Each wingman reads its inbox and acknowledges what asks for it.
for (const agent of [viper1, viper2]) {
  const inbox = await agent.call('inbox', { unread_only: true });
  const messages = inbox.ok
    ? (inbox.value['messages'] as { message_id: string; subject: string; ack_required: boolean }[])
    : [];
  for (const message of messages) {
    await agent.call('read', { message_id: message.message_id });
    if (message.ack_required) await agent.call('ack', { message_id: message.message_id });
  }
  say(
    agent.name,
    `inbox: ${messages.map((message) => `"${message.subject}"`).join(', ')} read, acked where asked`,
  );
}

// The holder finishes and releases; the other retries and is granted.
const released = await winner.agent.call('release', {});
say(winner.agent.name, released.ok ? 'released everything it held' : `release failed: ${released.message}`);
const retry = await loser.agent.call('reserve', { paths: ['src/parser.ts'] });
say(loser.agent.name, retry.ok ? 'GRANTED src/parser.ts on retry' : `retry refused: ${retry.message}`);
if (!retry.ok) problem('the retry after release was refused');

// Closing a session ends its pilot: what it held is released.
await Promise.all([lead, viper1, viper2].map((agent) => agent.client.close()));
console.log('');

const fleet = await openFleet({ cwd: projectDir });
const status = await fleet.status();
if (status.reservations.length !== 0)
  problem(`${status.reservations.length} reservations outlived their sessions`);
const events = await fleet.store.query({ project_key: fleet.projectKey, limit: 1000 });
const counts = new Map<string, number>();
for (const event of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
console.log(`The log: ${events.length} events`);
for (const [type, count] of [...counts].sort()) console.log(`  ${type.padEnd(22)} ${count}`);
const { differences } = await verifyReplay(fleet.db, fleet.projectKey);
await fleet.close();
if (differences.length > 0)
  problem(`replay differs from the live projections: ${JSON.stringify(differences)}`);
else console.log(`\nPASS  the projections replayed from ${events.length} events equal the live ones`);
process.exit(problems === 0 ? 0 : 1);
