/**
 * What `bench/worker.ts` and the multi-process scenario say to each other, one line each: the worker prints
 * `ready` once its database is open and its events are built, waits for `go` on stdin, appends, then prints
 * one JSON {@link WorkerReport} line.
 */

/** The line a worker prints when it is ready. */
export const READY = 'ready';
/** The line the parent sends to start every worker at once. */
export const GO = 'go';

/** What one worker did. */
export interface WorkerReport {
  /** The sequence of every append the store acknowledged, in order. */
  readonly sequences: number[];
  /** The latency of every append, ns. */
  readonly latenciesNs: number[];
  /** Wall-clock start and end of the appends, ms since the epoch (high resolution). */
  readonly startMs: number;
  readonly endMs: number;
  /** Set when an append failed; the worker stopped there. */
  readonly error?: string;
}

function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'number');
}

/** Parses a worker's report line. @throws {Error} when it is not a report. */
export function parseReport(line: string): WorkerReport {
  const value = JSON.parse(line) as unknown;
  if (typeof value !== 'object' || value === null)
    throw new Error(`not a worker report: ${line.slice(0, 200)}`);
  const record = value as Record<string, unknown>;
  const { sequences, latenciesNs, startMs, endMs, error } = record;
  if (
    !isNumberArray(sequences) ||
    !isNumberArray(latenciesNs) ||
    typeof startMs !== 'number' ||
    typeof endMs !== 'number'
  ) {
    throw new Error(`malformed worker report: ${line.slice(0, 200)}`);
  }
  return typeof error === 'string'
    ? { sequences, latenciesNs, startMs, endMs, error }
    : { sequences, latenciesNs, startMs, endMs };
}

/** The lines of a byte stream, as they arrive. */
export async function* lines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string, void> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of stream) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  }
  if (buffered !== '') yield buffered;
}

/** Wall-clock time in ms since the epoch, with sub-millisecond resolution (comparable across processes). */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}
