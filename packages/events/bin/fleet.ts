#!/usr/bin/env bun
/**
 * The `fleet` executable: wires `runCli` to this process (arguments, standard streams, Ctrl-C) and exits
 * with its code. Everything else lives in `src/cli/`.
 */
import { runCli } from '../src/cli/index.js';

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    controller.abort();
  });

const code = await runCli(process.argv.slice(2), {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
  readStdin: () => Bun.stdin.text(),
  stdinIsTTY: process.stdin.isTTY,
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exit(code);
