import { spawn } from 'node:child_process';

import { z } from 'zod';

import { startDashboard } from '../ui/server.js';
import { integerOption, validateOptions } from './args.js';
import { NO_POSITIONALS, type Command } from './context.js';
import type { CliIo } from './io.js';

const UiOptions = z.object({
  port: integerOption(0, 65_535).optional(),
  host: z.string().min(1).optional(),
  token: z.string().optional(),
  open: z.boolean().optional(),
});

/** Opens `url` with `$BROWSER`, else the desktop's opener; a missing opener is not an error (the URL is printed). */
function openBrowser(url: string, io: CliIo): void {
  const opener =
    io.env?.['BROWSER'] ??
    (process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open');
  const child = spawn(opener, [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => {
    io.stderr(`fleet ui: could not start '${opener}' to open the page; open ${url} yourself`);
  });
  child.unref();
}

/** Resolves when `signal` aborts (Ctrl-C). */
function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) resolve();
    signal.addEventListener(
      'abort',
      () => {
        resolve();
      },
      { once: true },
    );
  });
}

/** `fleet ui`: serves the live, read-only dashboard of the project until Ctrl-C. */
export const uiCommand: Command = {
  usage: 'fleet ui [--port N] [--open] [--host H --token T]',
  summary: 'a live, read-only web dashboard of the project',
  about:
    'Serves the dashboard (pilots, files, sorties, threads, the event log, a timeline) on\n' +
    'http://127.0.0.1:PORT/ until Ctrl-C; it follows the log live. Loopback only unless --host, which needs\n' +
    '--token (then open the printed address once: it carries the token).',
  options: {
    port: { type: 'string', value: 'N', help: 'the port (default 0: a free one, printed)' },
    open: { type: 'boolean', help: 'open the page in the browser ($BROWSER, else the desktop opener)' },
    host: { type: 'string', value: 'H', help: 'listen on H instead of 127.0.0.1 (needs --token)' },
    token: { type: 'string', value: 'T', help: 'a secret of 16+ characters the browser must present' },
  },
  positionals: NO_POSITIONALS,
  run: async (ctx) => {
    const o = validateOptions(UiOptions, ctx.args.values);
    const fleet = await ctx.fleet();
    const dashboard = await startDashboard(fleet, {
      ...(o.port === undefined ? {} : { port: o.port }),
      ...(o.host === undefined ? {} : { host: o.host }),
      ...(o.token === undefined ? {} : { token: o.token }),
    });
    ctx.out({ url: dashboard.url, port: dashboard.port, root: fleet.root }, [
      `fleet ui: ${dashboard.url} (Ctrl-C stops)`,
    ]);
    if (o.open === true) openBrowser(dashboard.url, ctx.io);
    await untilAborted(ctx.io.signal);
    await dashboard.close();
    return undefined;
  },
};
