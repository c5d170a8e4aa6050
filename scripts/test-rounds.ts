/**
 * How many rounds a slow process test runs: its full count when `CI` is set (the full proof), a few
 * otherwise, so that `bun test` stays quick on a developer's machine.
 */
export function rounds(full: number, byDefault: number): number {
  return process.env['CI'] === undefined ? byDefault : full;
}
