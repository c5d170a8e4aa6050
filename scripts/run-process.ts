/** Runs a process to its end and collects what it printed: the one way the scripts and the install test do it. */

/** What a process printed and how it ended. */
export interface ProcessRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where and how to run a process. */
export interface RunOptions {
  readonly cwd: string;
  /** Replaces PATH for the process (the rest of the environment is inherited). */
  readonly path?: string;
  /** Piped to the process's standard input; none when absent. */
  readonly stdin?: string;
}

/** Runs `cmd` (program and arguments) and waits for it to end. */
export async function runProcess(cmd: readonly string[], options: RunOptions): Promise<ProcessRun> {
  const proc = Bun.spawn([...cmd], {
    cwd: options.cwd,
    env: { ...process.env, ...(options.path === undefined ? {} : { PATH: options.path }) },
    stdin: options.stdin === undefined ? 'ignore' : new TextEncoder().encode(options.stdin),
    stdout: 'pipe',
    stderr: 'pipe',
  });
  const [exitCode, stdout, stderr] = await Promise.all([
    proc.exited,
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
  ]);
  return { exitCode, stdout, stderr };
}
