import { FleetError } from '@fleettools/core';
import type { z } from 'zod';

import { EVENT_TYPES, type FleetEventType } from './types/index.js';

/** One problem found in an event: where (`path`, dotted, `''` for the event itself), its Zod code and message. */
export interface EventIssue {
  /** Dotted path to the offending field, e.g. `conflicts.0.path`; `''` when the event as a whole is wrong. */
  readonly path: string;
  /** Zod's issue code, e.g. `too_big`, `invalid_type`, `unrecognized_keys`. */
  readonly code: string;
  /** What was wrong, in words. */
  readonly message: string;
}

/** Longest issue message kept, so that a 5 MB unknown key does not make a 5 MB error. */
const MAX_ISSUE_MESSAGE = 200;
/** Most issues spelled out in the error's message; all of them stay in `details.issues`. */
const MAX_ISSUES_IN_MESSAGE = 5;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** Zod's issues as {@link EventIssue}s: dotted paths, messages cut to 200 characters. */
export function toEventIssues(issues: readonly z.core.$ZodIssue[]): EventIssue[] {
  return issues.map((issue) => ({
    path: cut(issue.path.map(String).join('.'), MAX_ISSUE_MESSAGE),
    code: issue.code,
    message: cut(issue.message, MAX_ISSUE_MESSAGE),
  }));
}

/** The event type named by `raw.type`, when it is one of the catalog. */
export function knownTypeOf(raw: unknown): FleetEventType | undefined {
  if (typeof raw !== 'object' || raw === null || !('type' in raw)) return undefined;
  const type = raw.type;
  return EVENT_TYPES.find((known) => known === type);
}

function summary(issues: readonly EventIssue[]): string {
  const shown = issues
    .slice(0, MAX_ISSUES_IN_MESSAGE)
    .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`));
  const more = issues.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}

/**
 * An event failed validation. `details.type` is the event type when `raw.type` named one of the catalog;
 * `details.issues` lists every problem with its dotted path. The message spells out the first five, e.g.
 * `Invalid sortie_created event: title: Too big: expected string to have <=200 characters`.
 */
export class EventValidationError extends FleetError {
  declare readonly code: 'EVENT_INVALID';
  declare readonly details: { readonly type?: FleetEventType; readonly issues: readonly EventIssue[] };

  constructor(issues: readonly EventIssue[], type?: FleetEventType) {
    super(
      'EVENT_INVALID',
      `Invalid ${type === undefined ? '' : `${type} `}event: ${summary(issues)}`,
      type === undefined ? { issues } : { type, issues },
    );
  }
}
