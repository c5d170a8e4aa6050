import { generateLockId } from '@fleettools/core';
import type { EventOf } from '@fleettools/events';

import type { PilotScope } from './scope.js';

/** A lock this pilot holds, with its fencing token. */
export interface HeldLock {
  readonly resource: string;
  readonly lockId: string;
  /** Grows on every acquisition of the resource: pass it to what the lock protects. */
  readonly fencingToken: number;
  readonly release: (reason?: string) => Promise<EventOf<'lock_released'>>;
}

/** A pilot's named locks: acquire (with a fencing token) and release. */
export class Locks {
  constructor(private readonly scope: PilotScope) {}

  /** Takes the lock on `resource` for `ttlMs` (default one minute); a held lock is a `LockHeldError`. */
  async acquire(resource: string, ttlMs?: number): Promise<HeldLock> {
    const lockId = generateLockId();
    const event = await this.scope.emit('lock_acquired', {
      resource,
      lock_id: lockId,
      callsign: this.scope.callsign,
      ...(ttlMs === undefined ? {} : { ttl_ms: ttlMs }),
    });
    return {
      resource,
      lockId,
      fencingToken: event.fencing_token ?? 0,
      release: (reason) => this.release(resource, lockId, reason),
    };
  }

  /** Releases a lock this pilot holds. */
  release(resource: string, lockId: string, reason?: string): Promise<EventOf<'lock_released'>> {
    return this.scope.emit('lock_released', {
      resource,
      lock_id: lockId,
      callsign: this.scope.callsign,
      ...(reason === undefined ? {} : { reason }),
    });
  }
}
