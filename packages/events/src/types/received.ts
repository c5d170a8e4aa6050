/** What an input was, in the words Zod's messages use: `undefined`, `null`, `array`, `number`... */
export function received(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}
