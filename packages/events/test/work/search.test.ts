import { describe, expect, test } from 'bun:test';

import fc from 'fast-check';

import { OptionsValidationError, replayEvents, searchMessages } from '../../src/index.js';
import { PROJECT, T, registeredFleet } from '../projections/support.js';
import { failureOf } from '../support/failure.js';
import { projectionSnapshot } from '../support/projection-snapshot.js';
import { onTarget, TARGETS } from '../support/target.js';

const PILOTS = ['lead', 'viper-1', 'viper-2', 'spy'];

/** Words a message is made of; each pilot writes to others, never to `spy`. */
const WORDS = ['parser', 'lexer', 'grammar', 'token', 'café', 'deadline'];

describe.each(TARGETS)('on a %s database', (target) => {
  onTarget(target);

  // Invariant: search finds the messages a pilot sent or received by words of their subject and body, ranked,
  // with a snippet; never one it may not read; input that looks like FTS5 syntax is searched as text.
  test('search_is_scoped_to_what_the_pilot_may_read', async () => {
    const { db, append } = await registeredFleet(PILOTS);
    await append(
      'message_sent',
      {
        message_id: 'msg-1',
        from: 'lead',
        to: ['viper-1'],
        subject: 'Parser plan',
        body: 'The lexer goes first.',
      },
      T(0),
    );
    await append(
      'message_sent',
      {
        message_id: 'msg-2',
        from: 'viper-1',
        to: ['viper-2'],
        subject: 'lexer',
        body: 'lexer lexer, then the parser',
      },
      T(1),
    );
    await append(
      'message_sent',
      {
        message_id: 'msg-3',
        from: 'lead',
        to: ['viper-2'],
        subject: 'Secret',
        body: 'The parser is late. AND NOT "x"',
      },
      T(2),
    );
    const viper1 = await searchMessages(db, PROJECT, { callsign: 'viper-1', query: 'lexer' });
    expect(viper1.map((hit) => hit.message_id)).toEqual(['msg-2', 'msg-1']);
    expect(viper1[0]).toMatchObject({ from: 'viper-1', subject: 'lexer', thread_id: null, sent_at: T(1) });
    expect(viper1[1]?.snippet).toContain('[lexer]');
    expect(await searchMessages(db, PROJECT, { callsign: 'spy', query: 'parser' })).toEqual([]);
    expect(
      (await searchMessages(db, PROJECT, { callsign: 'viper-2', query: 'AND NOT "x"' })).map(
        (h) => h.message_id,
      ),
    ).toEqual(['msg-3']);
    expect((await searchMessages(db, PROJECT, { callsign: 'lead', query: 'pars*', limit: 1 })).length).toBe(
      1,
    );
    expect(await searchMessages(db, PROJECT, { callsign: 'lead', query: '* **' })).toEqual([]);
    const empty = await failureOf(searchMessages(db, PROJECT, { callsign: 'lead', query: '   ' }));
    expect(empty).toBeInstanceOf(OptionsValidationError);
  });

  // Invariant: for random messages between pilots, a search for a word returns exactly the messages holding
  // it that the pilot sent or received; the index equals itself after a replay, and so do the answers.
  test('search_equals_a_direct_scan_live_and_replayed', async () => {
    const message = fc.record({
      from: fc.constantFrom('lead', 'viper-1', 'viper-2'),
      to: fc.uniqueArray(fc.constantFrom('lead', 'viper-1', 'viper-2'), { minLength: 1, maxLength: 3 }),
      subject: fc.constantFrom(...WORDS),
      body: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }).map((w) => w.join(' ')),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(message, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...WORDS),
        async (messages, word) => {
          const { db, append } = await registeredFleet(PILOTS);
          for (const [i, m] of messages.entries()) {
            await append('message_sent', { message_id: `msg-${String(i)}`, ...m }, T(i));
          }
          const answers = async () =>
            Promise.all(
              PILOTS.map(async (callsign) =>
                (await searchMessages(db, PROJECT, { callsign, query: word, limit: 100 }))
                  .map((h) => h.message_id)
                  .sort(),
              ),
            );
          const live = await answers();
          for (const [p, callsign] of PILOTS.entries()) {
            const expected = messages
              .flatMap((m, i) =>
                (m.from === callsign || m.to.some((to) => to === callsign)) &&
                `${m.subject} ${m.body}`.split(' ').includes(word)
                  ? [`msg-${String(i)}`]
                  : [],
              )
              .sort();
            expect(live[p]).toEqual(expected);
          }
          const index = (await projectionSnapshot(db, PROJECT)).message_search;
          await replayEvents(db, { projectKey: PROJECT, useSnapshot: false });
          expect((await projectionSnapshot(db, PROJECT)).message_search).toEqual(index);
          expect(await answers()).toEqual(live);
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});
