/**
 * Shared by every README test: the TypeScript examples of a README, and a way to run one as a user would (a
 * file next to the README's package, `bun file`), so no example rots.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The ```ts blocks of a Markdown file, in order. */
export function readmeExamples(readme: URL): string[] {
  return [...readFileSync(readme, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** What running an example printed and how it ended. */
export interface ExampleRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Writes `code` to `file` (inside a package, so its imports resolve as a user's would), runs it with Bun in
 * `cwd`, and removes the file again.
 */
export async function runExample(code: string, file: URL, cwd?: string): Promise<ExampleRun> {
  const path = fileURLToPath(file);
  writeFileSync(path, code);
  try {
    const proc = Bun.spawn(['bun', path], {
      stdout: 'pipe',
      stderr: 'pipe',
      ...(cwd === undefined ? {} : { cwd }),
    });
    const [exitCode, stdout, stderr] = await Promise.all([
      proc.exited,
      new Response(proc.stdout).text(),
      new Response(proc.stderr).text(),
    ]);
    return { exitCode, stdout, stderr };
  } finally {
    rmSync(path, { force: true });
  }
}
