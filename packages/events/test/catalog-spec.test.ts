/**
 * The spec's event catalog (specs/phase0-foundation/spec.md, between the catalog markers) and the code
 * must agree: same types, same streams, same fields, same optional fields, same families.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, test } from 'bun:test';

import { EVENT_TYPES, type FleetEventType } from '../src/index.js';
import { EVENT_STREAMS } from '../src/internal.js';
import * as checkpoints from '../src/types/checkpoints.js';
import * as coordination from '../src/types/coordination.js';
import * as messages from '../src/types/messages.js';
import * as missions from '../src/types/missions.js';
import * as pilots from '../src/types/pilots.js';
import * as reservations from '../src/types/reservations.js';
import * as sorties from '../src/types/sorties.js';
import * as workOrders from '../src/types/work-orders.js';
import { optionalOutputFields, schemaOf } from './support/schemas.js';

const SPEC = new URL('../../../specs/phase0-foundation/spec.md', import.meta.url);
const ENVELOPE = ['id', 'type', 'project_key', 'timestamp', 'sequence', 'stream_version', 'metadata'];

interface CatalogRow {
  readonly type: string;
  readonly family: string;
  readonly stream: string;
  readonly fields: readonly { readonly name: string; readonly optional: boolean }[];
}

/** `callsign, to[] (1–100 callsigns), files[]?` → names and whether each is marked `?`. */
function parseFields(cell: string): CatalogRow['fields'] {
  let depth = 0;
  let flat = '';
  for (const char of cell) {
    if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (depth === 0) flat += char;
  }
  return flat
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '')
    .map((token) => ({ name: token.replace(/[[\]?`]/g, ''), optional: token.endsWith('?') }));
}

function readCatalog(): CatalogRow[] {
  const text = readFileSync(SPEC, 'utf8');
  const start = text.indexOf('<!-- catalog:start -->');
  const end = text.indexOf('<!-- catalog:end -->');
  expect(start).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  return text
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [type = '', family = '', stream = '', fields = ''] = line
        .split('|')
        .slice(1)
        .map((cell) => cell.trim().replace(/^`|`$/g, ''));
      return { type, family, stream, fields: parseFields(fields) };
    });
}

const catalog = readCatalog();
const byType = new Map(catalog.map((row) => [row.type, row]));

const FAMILIES: Record<string, object> = {
  pilots,
  messages,
  reservations,
  missions,
  sorties,
  'work orders': workOrders,
  checkpoints,
  coordination,
};

/** The event types whose schemas a family module exports. */
function typesOf(module: object): string[] {
  return Object.entries(module)
    .filter(([name]) => name.endsWith('EventSchema'))
    .map(([, schema]) => (schema as { shape: { type: { value: string } } }).shape.type.value);
}

test('every type of the union is in the spec catalog, and nothing else', () => {
  expect(catalog.map((row) => row.type).sort()).toEqual([...EVENT_TYPES].sort());
  expect(catalog).toHaveLength(41);
});

describe.each([...EVENT_TYPES])('%s', (type: FleetEventType) => {
  const row = byType.get(type);

  test('its stream in the spec is EVENT_STREAMS', () => {
    const { kind, field } = EVENT_STREAMS[type];
    expect(row?.stream).toBe(`${kind}:${field}`);
  });

  test('its fields and optional fields in the spec are the schema', () => {
    const fields = row?.fields ?? [];
    const shape = Object.keys(schemaOf(type).shape).filter((key) => !ENVELOPE.includes(key));
    expect(fields.map((field) => field.name).sort()).toEqual(shape.sort());
    const optional = optionalOutputFields(type).filter((key) => !ENVELOPE.includes(key));
    expect(
      fields
        .filter((field) => field.optional)
        .map((field) => field.name)
        .sort(),
    ).toEqual(optional.sort());
  });

  test('its family in the spec is the module that defines it', () => {
    const family = row?.family ?? '';
    expect(typesOf(FAMILIES[family] ?? {})).toContain(type);
  });
});
