import { Buffer } from 'node:buffer';

import { z } from 'zod';

import { MAX_STATE_BYTES, MAX_STATE_DEPTH } from './fields.js';
import { received } from './received.js';

/** A value that survives `JSON.stringify` then `JSON.parse` unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object: string keys, JSON values. */
export type JsonObject = { [key: string]: JsonValue };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Whether objects and arrays nest more than `limit` levels in `value` (the value itself is level 1), found by
 * an iterative walk that stops at the first entry past the limit: a state nested 30,000 levels deep is refused
 * in microseconds (`JSON.stringify` alone spends seconds on it before the stack gives out), and a cycle is
 * infinitely deep.
 */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [entry, depth] = next;
    if (typeof entry !== 'object' || entry === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(entry)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * The path to the first entry of `value` that is not JSON (`undefined`, a function, `NaN`, a `Date`, a
 * `Map`, a hole in an array...), or `undefined` when all of it is JSON. Called only after `JSON.stringify`
 * succeeded on a value nesting at most {@link MAX_STATE_DEPTH} levels, so the value has no cycles and the
 * recursion is shallow.
 */
function findNonJson(value: unknown, path: PropertyKey[]): PropertyKey[] | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findNonJson(value[index], [...path, index]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return path;
  for (const [key, entry] of Object.entries(value)) {
    const found = findNonJson(entry, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * A plain JSON object whose JSON text takes at most {@link MAX_STATE_BYTES} UTF-8 bytes and nests at most
 * {@link MAX_STATE_DEPTH} levels (used for `checkpoint_created.state`). The object is kept as given, not copied.
 */
export const JsonObjectField = z
  .custom<JsonObject>(isPlainObject, {
    error: (issue) => `Invalid input: expected a JSON object, received ${received(issue.input)}`,
  })
  .check((ctx) => {
    if (nestsDeeperThan(ctx.value, MAX_STATE_DEPTH)) {
      ctx.issues.push({
        code: 'custom',
        message: `Invalid JSON object: it is cyclic or nests deeper than ${MAX_STATE_DEPTH} levels`,
        input: ctx.value,
      });
      return;
    }
    let text: string;
    try {
      text = JSON.stringify(ctx.value);
    } catch {
      ctx.issues.push({
        code: 'custom',
        message: 'Invalid JSON object: it is cyclic or too deep',
        input: ctx.value,
      });
      return;
    }
    if (Buffer.byteLength(text, 'utf8') > MAX_STATE_BYTES) {
      ctx.issues.push({
        code: 'too_big',
        origin: 'object',
        maximum: MAX_STATE_BYTES,
        inclusive: true,
        input: ctx.value,
        message: `Too big: expected JSON text of <=${MAX_STATE_BYTES} UTF-8 bytes`,
      });
      return;
    }
    const path = findNonJson(ctx.value, []);
    if (path !== undefined) {
      ctx.issues.push({ code: 'custom', path, message: 'Invalid JSON value', input: ctx.value });
    }
  });
