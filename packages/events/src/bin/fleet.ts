#!/usr/bin/env node
/**
 * The `fleet` executable, built to `dist/bin/fleet.js` (the package's `bin`) so it runs under Node with no Bun
 * installed: wires `runCli` to this process (arguments, standard streams, Ctrl-C) and exits with its code.
 * Everything else lives in `src/cli/`.
 */
import process from 'node:process';
import { text } from 'node:stream/consumers';

import { runCli } from '../cli/index.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    controller.abort();
  });

const code = await runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  readStdin: () => text(process.stdin),
  stdinIsTTY: process.stdin.isTTY,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exit(code);
