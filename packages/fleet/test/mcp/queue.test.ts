import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, test } from 'bun:test';

import { initProject, openFleet } from '../../src/index.js';
import { tempDir } from '../support/run.js';
import { connectInMemory, structured, toolError } from './client.js';

const base = tempDir();
afterAll(base.remove);

describe('fleet mcp ready, claim, search (real SDK client, in memory)', () => {
  // Invariant: over MCP, two sessions claiming from one mission never get the same sortie, a dependent sortie
  // is ready only once what it waits for is completed, a refused claim writes nothing, and search sees only the
  // session pilot's messages.
  test('two agents work a mission through the queue and search their messages', async () => {
    const root = join(base.dir, 'queue');
    mkdirSync(root);
    await initProject({ cwd: root });
    const fleet = await openFleet({ cwd: root });
    const lead = await fleet.register({ callsign: 'lead' });
    lead.close();
    const { mission_id } = await lead.missions.create({ title: 'M' });
    const a = await lead.sorties.create({ title: 'A', missionId: mission_id, files: ['src/a.ts'] });
    const b = await lead.sorties.create({ title: 'B', missionId: mission_id, dependsOn: [a.sortie_id] });

    const one = await connectInMemory(fleet, 'all');
    const two = await connectInMemory(fleet, 'all');
    structured(await one.call('register', { callsign: 'viper-1' }));
    structured(await two.call('register', { callsign: 'viper-2' }));
    const ready = structured(await one.call('ready', { mission_id })).sorties as { sortie_id: string }[];
    expect(ready.map((s) => s.sortie_id)).toEqual([a.sortie_id]);

    const claims = await Promise.all([
      one.call('claim', { mission_id, reserve: true, ttl_seconds: 600 }),
      two.call('claim', { mission_id, reserve: true }),
    ]);
    const taken = claims.map((result) => structured(result).sortie_id);
    expect(taken.filter((id) => id !== null)).toEqual([a.sortie_id]);
    expect(
      claims.map((result) => structured(result).reservation_id).filter((id) => id !== null),
    ).toHaveLength(1);

    const before = await fleet.store.getLatestSequence(fleet.projectKey);
    const refused = toolError(await two.call('claim', { sortie_id: b.sortie_id }));
    expect(refused.code).toBe('NOT_READY');
    expect(refused.details['waiting_for']).toEqual([a.sortie_id]);
    expect(await fleet.store.getLatestSequence(fleet.projectKey)).toBe(before);

    const winner = taken[0] === a.sortie_id ? one : two;
    structured(await winner.call('sortie', { action: 'complete', sortie_id: a.sortie_id }));
    expect(structured(await two.call('claim', { mission_id })).sortie_id).toBe(b.sortie_id);
    expect(structured(await one.call('claim', { mission_id }))).toMatchObject({
      sortie_id: null,
      event: null,
    });

    structured(await one.call('send', { to: ['lead'], subject: 'lexer', body: 'the lexer is done' }));
    const hits = structured(await one.call('search', { query: 'done' })).hits as { snippet: string }[];
    expect(hits.map((h) => h.snippet)).toEqual(['the lexer is [done]']);
    expect(structured(await two.call('search', { query: 'lexer', limit: 5 })).hits).toEqual([]);
    expect(toolError(await two.call('search', { query: '' })).code).toBe('TOOL_INPUT_INVALID');
    await one.client.close();
    await two.client.close();
    await fleet.close();
  });
});
