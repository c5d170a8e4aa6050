/** What a process printed and how it ended. */
export interface ProcessRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `command` as a real process and collects its exit code and output. */
export async function runProcess(
  command: readonly string[],
  options: {
    readonly cwd?: string;
    readonly env?: Record<string, string | undefined>;
    readonly stdin?: string;
  } = {},
): Promise<ProcessRun> {
  const proc = Bun.spawn([...command], {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
    stdin: options.stdin === undefined ? 'ignore' : new TextEncoder().encode(options.stdin),
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [code, out, err] = await Promise.all([
    proc.exited,
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  return { code, out, err };
}
