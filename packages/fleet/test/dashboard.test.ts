/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core, a real project, pilots as real
 * processes (one is SIGKILLed), other processes appending through the `fleet` command, and the server stopped
 * and started again under the open page. Screenshots of every view go to a temporary directory, or to
 * docs/screenshots/ (what the README shows) with FLEET_SCREENSHOTS=write.
 */
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import type { Page } from 'playwright-core';
import { z } from 'zod';

import { createEvent, type FleetEvent } from '@fleettools/events';

import { openFleet, type Fleet } from '../src/fleet.js';
import type { Pilot } from '../src/pilot/pilot.js';
import { startDashboard, type Dashboard } from '../src/ui/server.js';
import { launchChromium, type Browser } from './support/browser.js';
import { fleet, fleetInProcess, tempDir } from './support/run.js';

const TTL_MS = 3000;
const PILOT_PROCESS = fileURLToPath(new URL('./support/pilot-process.ts', import.meta.url));
const SHOTS =
  process.env['FLEET_SCREENSHOTS'] === 'write'
    ? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
    : undefined;

const base = tempDir('fleet-ui-');
const root = join(base.dir, 'project');
let project: Fleet;
let lead: Pilot;
let dashboard: Dashboard;
let browser: Browser;
let page: Page;
const pilots = new Map<string, Bun.Subprocess>();
let ackThis = '';

/** Starts a pilot as its own process and waits until it has registered. */
async function startPilot(callsign: string): Promise<void> {
  const proc = Bun.spawn(['bun', PILOT_PROCESS, root, callsign, String(TTL_MS)], {
    stdout: 'pipe',
    stderr: 'inherit',
  });
  const reader = proc.stdout.getReader();
  const { value } = await reader.read();
  reader.releaseLock();
  expect(new TextDecoder().decode(value)).toBe('ready\n');
  pilots.set(callsign, proc);
}

/** Runs `fleet ARGS --as CALLSIGN` as a real process and expects success. */
async function fleetAs(callsign: string, args: string[]): Promise<string> {
  const run = await fleet(root, [...args, '--json'], { as: callsign });
  expect(run.err).toBe('');
  expect(run.code).toBe(0);
  return run.out;
}

async function shot(name: string): Promise<void> {
  const path = join(SHOTS ?? base.dir, `${name}.png`);
  await page.screenshot({ path });
  expect(statSync(path).size).toBeGreaterThan(1000);
}

/** Evaluates `expression` in the page (the tests have no DOM types) and checks its value with `schema`. */
async function inPage<T>(expression: string, schema: z.ZodType<T>): Promise<T> {
  return schema.parse(await page.evaluate(expression));
}

/** Every sequence the log list shows, top to bottom. */
function shownSequences(): Promise<number[]> {
  return inPage(
    "[...document.querySelectorAll('#log > li')].map((li) => Number(li.dataset.seq))",
    z.array(z.number()),
  );
}

/** The event types the log list shows, top to bottom. */
function shownTypes(): Promise<string[]> {
  return inPage(
    "[...document.querySelectorAll('#log .type')].map((c) => c.textContent)",
    z.array(z.string()),
  );
}

beforeAll(async () => {
  mkdirSync(root);
  expect((await fleetInProcess(root, ['init'])).code).toBe(0);
  project = await openFleet({ cwd: root });
  // An hour of history: the lead since 45 minutes ago, and a pilot that went silent 20 minutes ago.
  const ago = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();
  const append = (event: FleetEvent): Promise<unknown> => project.store.append(event, project.projectKey);
  const project_key = project.projectKey;
  const history = [
    { callsign: 'ghost', program: 'codex', model: 'gpt-5', from: 50, to: 20 },
    { callsign: 'lead', program: 'orchestrator', model: 'opus', from: 45, to: 1 },
  ];
  for (const { callsign, program, model, from, to } of history) {
    await append(
      createEvent('pilot_registered', { project_key, callsign, program, model, timestamp: ago(from) }),
    );
    for (let minute = from - 2; minute >= to; minute -= 2) {
      await append(createEvent('pilot_active', { project_key, callsign, timestamp: ago(minute) }));
    }
  }
  lead = project.pilot('lead');
  const mission = await lead.missions.create({ title: 'Ship the expression parser' });
  await lead.missions.start(mission.mission_id);
  const created: string[] = [];
  for (const title of ['lexer', 'parser', 'evaluator', 'docs']) {
    const sortie = await lead.sorties.create({
      title,
      missionId: mission.mission_id,
      files: [`src/${title}.ts`],
    });
    created.push(sortie.sortie_id);
  }
  await startPilot('viper-1');
  await startPilot('viper-2');
  const viper1 = project.pilot('viper-1');
  const viper2 = project.pilot('viper-2');
  // By the ids their creation returned: a listing orders sorties created in one millisecond by their random ids.
  const [lexer, parser, evaluator] = created;
  if (lexer === undefined || parser === undefined || evaluator === undefined) throw new Error('no sorties');
  await viper1.sorties.start(lexer);
  await viper1.sorties.progress(lexer, 60, 'tokens done');
  await viper2.sorties.start(parser);
  await viper2.sorties.block(parser, 'waits for the lexer');
  await lead.sorties.start(evaluator);
  await lead.sorties.complete(evaluator, 'done');
  await viper1.reservations.reserve(['src/lexer.ts', 'src/lexer/tokens.ts'], { ttlMs: 600_000 });
  await lead.reservations.reserve(['docs/**'], { mode: 'shared', ttlMs: 900_000 });
  await fleet(root, ['reserve', 'src/lexer.ts'], { as: 'viper-2' }); // refused: viper-1 holds it
  const sent = await lead.messages.send({
    to: ['viper-1', 'viper-2'],
    subject: 'Lexer first',
    body: 'viper-2: wait for the lexer.\nviper-1: say when tokens are stable.',
    ackRequired: true,
  });
  await viper1.messages.reply(sent.message_id, { body: 'tokens are stable' });
  await viper1.messages.ack(sent.message_id);
  ackThis = sent.message_id;
  for (let i = 0; i < 60; i += 1) await lead.heartbeat(`step ${i}`); // more than a page of the log
  dashboard = await startDashboard(project, { liveIntervalMs: 100 });
  browser = await launchChromium();
  page = await browser.context.newPage();
}, 30_000);

afterAll(async () => {
  await browser.close();
  await dashboard.close();
  for (const proc of pilots.values()) proc.kill('SIGKILL');
  lead.close();
  await project.close();
  base.remove();
});

describe('the dashboard in Chromium', () => {
  setDefaultTimeout(15_000);

  test('pilots: live, last heartbeat, program and model, holdings, current sortie', async () => {
    await page.goto(dashboard.url);
    await page.locator('#live[data-state="open"]').waitFor({ timeout: 5000 });
    const viper = page.locator('tr[data-pilot="viper-1"]');
    expect(await viper.locator('.state').textContent()).toBe('live');
    const text = (await viper.textContent()) ?? '';
    expect(text).toContain('pilot-process');
    expect(text).toContain('test-model');
    expect(text).toContain('src/lexer/tokens.ts');
    expect(text).toContain('lexer 60%');
    expect(text).toMatch(/\d+ s ago/);
    expect(await page.locator('tr[data-pilot="ghost"] .state').textContent()).toBe('stale');
    expect(await page.locator('tr[data-pilot="ghost"]').textContent()).toContain('20 m');
    await shot('pilots');
  });

  test('files: a reservation another process makes appears within a second; the refusal is listed', async () => {
    await page.goto(`${dashboard.url}files`);
    await page.locator('#live[data-state="open"]').waitFor({ timeout: 5000 });
    expect(await page.locator('.refusals').textContent()).toMatch(
      /viper-2\s+wanted\s+src\/lexer\.ts:\s+denied,\s+held by\s+viper-1/,
    );
    const tokens = page.locator('[data-path="src/lexer/tokens.ts"]');
    expect(await tokens.textContent()).toMatch(/viper-1\s+exclusive\s+9 m \d\d s left/);
    await fleetAs('viper-2', ['reserve', 'src/live.ts', '--ttl', '5m']);
    await page.locator('[data-path="src/live.ts"]').waitFor({ timeout: 1000 });
    expect(await page.locator('[data-path="src/live.ts"] .holder').textContent()).toBe('viper-2');
    await shot('files');
  });

  test('sorties board: columns by status, progress, blocked reason, assignee', async () => {
    await page.goto(`${dashboard.url}board`);
    expect(await page.locator('.missions').textContent()).toContain('1/4');
    const blocked = page.locator('section[aria-label="blocked"] .card');
    expect(await blocked.textContent()).toMatch(/parser[\s\S]*→ viper-2[\s\S]*waits for the lexer/);
    expect(
      await page.locator('section[aria-label="in_progress"] .bar').first().getAttribute('aria-valuenow'),
    ).toBe('60');
    await shot('board');
  });

  test('threads: unacked ones stand out; following one shows read and ack state, live', async () => {
    await page.goto(`${dashboard.url}threads`);
    const row = page.locator('tr.unacked', { hasText: 'Lexer first' });
    expect(await row.textContent()).toContain('1 unacked');
    await row.locator('a').click();
    await page.locator('article.message').first().waitFor();
    const first = page.locator(`article[data-message="${ackThis}"]`);
    expect(await first.getAttribute('class')).toContain('unacked');
    expect(await first.textContent()).toMatch(/viper-1 \(acked\)[\s\S]*viper-2 \(unread\)/);
    expect(await page.locator('article.message').count()).toBe(2);
    await shot('threads');
    await fleetAs('viper-2', ['ack', ackThis]);
    await page.locator(`article[data-message="${ackThis}"]:not(.unacked)`).waitFor({ timeout: 1000 });
    expect(await first.textContent()).toContain('viper-2 (acked)');
  });

  test('event log: newest first, filtered by type and pilot, each event expands to its JSON', async () => {
    await page.goto(`${dashboard.url}log`);
    const all = await shownSequences();
    expect(all.length).toBeGreaterThanOrEqual(50);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    await page.selectOption('#filter-type', 'file_reserved');
    await page.fill('#filter-pilot', 'viper-1');
    await page.click('.filters button');
    await page.waitForURL(/type=file_reserved/);
    expect(await shownTypes()).toEqual(['file_reserved']);
    await page.locator('#log summary').first().click();
    const json = JSON.parse((await page.locator('#log pre').first().textContent()) ?? '{}') as unknown;
    expect(json).toMatchObject({
      type: 'file_reserved',
      callsign: 'viper-1',
      paths: ['src/lexer.ts', 'src/lexer/tokens.ts'],
    });
    await page.goto(`${dashboard.url}log?type=sortie_blocked&since=2000-01-01T00:00:00Z`);
    expect(await shownTypes()).toEqual(['sortie_blocked']);
    await page.goto(`${dashboard.url}log?type=nonsense`);
    expect(await page.locator('.error').textContent()).toContain('Filter type');
    await page.goto(`${dashboard.url}log?pilot=viper-1&until=2000-01-01T00:00:00Z`);
    expect(await page.locator('#log-empty').textContent()).toBe('No event matches.');
  });

  test('event log: paged by sequence', async () => {
    await page.goto(`${dashboard.url}log`);
    const first = await shownSequences();
    await page.click('a[rel="next"]');
    await page.waitForURL(/before=/);
    const second = await shownSequences();
    expect(second[0]).toBe((first.at(-1) ?? 0) - 1);
    await shot('log');
  });

  test('timeline: events per minute by family and one lane per pilot', async () => {
    await page.goto(`${dashboard.url}timeline`);
    expect(await page.locator('svg.chart rect').count()).toBeGreaterThan(0);
    for (const callsign of ['lead', 'viper-1', 'viper-2']) {
      expect(await page.locator(`g[data-lane="${callsign}"] rect`).count()).toBeGreaterThan(0);
    }
    expect(await page.locator('g[data-lane="viper-2"] rect.k-heartbeat').count()).toBeGreaterThan(0);
    expect(await page.locator('g.silent').textContent()).toMatch(/^ghost · silent 20 m/);
    expect(await page.locator('g[data-lane="lead"] rect.k-heartbeat').count()).toBeGreaterThan(20);
    await shot('timeline');
  });

  test('a pilot turns stale after its process is killed', async () => {
    await page.goto(dashboard.url);
    const state = page.locator('tr[data-pilot="viper-1"] .state');
    expect(await state.textContent()).toBe('live');
    pilots.get('viper-1')?.kill('SIGKILL');
    await pilots.get('viper-1')?.exited;
    await page.locator('tr[data-pilot="viper-1"] .state-stale').waitFor({ timeout: TTL_MS + 1000 });
    expect(await state.textContent()).toBe('stale');
    expect(await page.locator('tr[data-pilot="viper-2"] .state').textContent()).toBe('live');
  });

  test('reconnects after the server restarts without losing or duplicating an event', async () => {
    await page.goto(`${dashboard.url}log`);
    await page.locator('#live[data-state="open"]').waitFor({ timeout: 5000 });
    await fleetAs('lead', ['heartbeat', '--note', 'before the restart']);
    const port = dashboard.port;
    await dashboard.close();
    await page.locator('#live[data-state="reconnecting"]').waitFor({ timeout: 5000 });
    await fleetAs('lead', ['heartbeat', '--note', 'while the server is down']);
    await fleetAs('lead', ['send', '--to', 'viper-2', '--subject', 'still there?', '--body', 'ping']);
    dashboard = await startDashboard(project, { port, liveIntervalMs: 100 });
    await page.locator('#live[data-state="open"]').waitFor({ timeout: 5000 });
    await fleetAs('lead', ['heartbeat', '--note', 'after the restart']);
    const latest = await project.store.getLatestSequence(project.projectKey);
    await page.locator(`#log > li[data-seq="${latest}"]`).waitFor({ timeout: 2000 });
    const shown = await shownSequences();
    expect(new Set(shown).size).toBe(shown.length);
    shown.slice(1).forEach((sequence, i) => {
      expect(sequence).toBe((shown[i] ?? 0) - 1);
    });
    expect(await page.locator('#log').textContent()).toContain('while the server is down');
  });

  test('keyboard: number keys switch views, j/k walk the rows, Enter opens', async () => {
    await page.goto(dashboard.url);
    await page.keyboard.press('5');
    await page.waitForURL(/\/log$/);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await inPage('document.activeElement.tagName', z.string())).toBe('SUMMARY');
    await page.keyboard.press('Enter');
    expect(await page.locator('#log details[open]').count()).toBe(1);
    await page.keyboard.press('/');
    expect(await inPage('document.activeElement.id', z.string())).toBe('filter-type');
    await page.keyboard.press('Escape');
    await page.keyboard.press('4');
    await page.waitForURL(/\/threads$/);
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/threads\/.+/);
  });

  test('no layout break at 1280×800 and 390×844, in light and dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      for (const viewport of [
        { width: 1280, height: 800 },
        { width: 390, height: 844 },
      ]) {
        await page.setViewportSize(viewport);
        for (const path of ['', 'files', 'board', 'threads', 'log', 'timeline']) {
          await page.goto(`${dashboard.url}${path}`, { waitUntil: 'domcontentloaded' });
          const overflow = await inPage(
            'document.documentElement.scrollWidth - document.documentElement.clientWidth',
            z.number(),
          );
          expect({ path, viewport, overflow }).toEqual({ path, viewport, overflow: 0 });
        }
      }
    }
    const background = await inPage('getComputedStyle(document.body).backgroundColor', z.string());
    expect(background).toBe('rgb(13, 17, 23)');
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(dashboard.url);
    await shot('pilots-dark');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${dashboard.url}board`);
    await shot('board-phone');
  }, 45_000);
});
