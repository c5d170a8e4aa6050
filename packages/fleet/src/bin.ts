#!/usr/bin/env node
/**
 * The `fleet` executable, built to `dist/bin.js` so it runs under Node as well as Bun: wires `runCli` to this
 * process (arguments, standard streams, environment, Ctrl-C) and exits with its code.
 */
import { text } from 'node:stream/consumers';

import { runCli } from './cli/index.js';

// A reader that stops early (`fleet log | head`) closes the pipe: that ends the output, not in a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

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
  env: process.env,
  signal: controller.signal,
});
process.exitCode = code;
