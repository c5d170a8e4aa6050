import { Fleet, startDashboard } from '@fleettools/fleet';

import { fleetSequenceStats, gapFreeCheck } from '../lib/checks.js';
import { PROJECT, workloadEvent, workloadPrologue } from '../lib/events.js';
import { closeProject, openProject } from '../lib/fleet.js';
import { measureOp } from '../lib/measure.js';
import type { Recorder } from '../lib/scenario.js';
import { DirectSeeder } from '../lib/seeder.js';

/** Fetches `url` and reads the whole body: what a browser waits for before it can show the page. */
async function page(url: string): Promise<string> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url}: HTTP ${String(response.status)}`);
  return response.text();
}

/**
 * The dashboard (`fleet ui`) on a big project: `events` workload events (the mixed workload, timestamped over
 * the last `events` ms, so all of them fall in the timeline's hour), the newest `projected` with their
 * projections (live pilots, reservations, messages, sorties), the rest in the log only (seeding a million
 * events' projections would take minutes and change none of what the pages read). Each sample is one HTTP
 * request over loopback, body read in full.
 */
export async function runUi(recorder: Recorder): Promise<void> {
  const { events, projected } = recorder.config.ui;
  const project = await openProject(recorder, 'ui');
  const startMs = Date.now() - events - 1000;
  const prologue = workloadPrologue(startMs);
  const seeder = new DirectSeeder(project.db, { projections: true });
  await seeder.write(prologue);
  await seeder.seed(0, events - projected, (i) => workloadEvent(i, startMs), false);
  await seeder.seed(events - projected, projected, (i) => workloadEvent(i, startMs));
  const total = prologue.length + events;
  const dashboard = await startDashboard(new Fleet(project.dir, PROJECT, project.db));
  const label = events.toLocaleString('en-US');
  const { slow } = recorder.config;
  try {
    let first = '';
    await recorder.run(
      'ui.first-page',
      'ui',
      `fleet ui: first page (pilots) of a ${label}-event project`,
      async () => {
        const fleet = await measureOp(async () => {
          first = await page(dashboard.url);
        }, slow);
        return {
          fleet,
          checks: [
            {
              name: 'the page shows the whole log counted',
              ok: first.includes(`<b>${String(total)}</b> events`),
              detail: `expected ${String(total)} events on the page`,
            },
            gapFreeCheck('the log is intact', await fleetSequenceStats(project.db.$client), total),
          ],
        };
      },
    );
    let log = '';
    await recorder.run(
      'ui.log',
      'ui',
      `fleet ui: newest page of the event log, ${label} events`,
      async () => {
        const fleet = await measureOp(async () => {
          log = await page(`${dashboard.url}log`);
        }, slow);
        return {
          fleet,
          checks: [
            {
              name: 'the newest event is on top',
              ok: log.includes(`data-seq="${String(total)}"`),
              detail: `expected sequence ${String(total)} first`,
            },
          ],
        };
      },
    );
    let timeline = '';
    await recorder.run(
      'ui.timeline',
      'ui',
      `fleet ui: timeline of the last hour, ${label} events`,
      async () => {
        const fleet = await measureOp(async () => {
          timeline = await page(`${dashboard.url}timeline`);
        }, slow);
        return {
          fleet,
          checks: [
            { name: 'the chart is drawn', ok: timeline.includes('class="chart"'), detail: 'svg.chart' },
          ],
        };
      },
    );
  } finally {
    await dashboard.close();
    await closeProject(project);
  }
}
