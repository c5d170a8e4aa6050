/**
 * @fleettools/fleet: the API agents and orchestrators call. `openFleet()` finds the project from any
 * directory or git worktree; `fleet.register(...)` returns a `Pilot` whose verbs mint every id and never take
 * the project key. The `fleet` command (`src/bin.ts`) is built on the same API.
 *
 * @packageDocumentation
 */
export { verifyReplay, type VerifyResult } from './verify/verify-replay.js';
export type { TableDifference } from './verify/projections.js';
export { NotFoundError } from './errors.js';
export { Fleet, openFleet, type FleetStatus, type PilotStatus } from './fleet.js';
export { type RegisterOptions } from './pilot/registration.js';
export { checkChanges, type GuardResult, type GuardSource } from './guard/guard.js';
export {
  GitCommandError,
  GuardIdentityError,
  GuardInputError,
  GuardRefusedError,
  type GuardBlock,
} from './guard/errors.js';
export { HookInstallError } from './hooks/errors.js';
export {
  hooksDirectory,
  hooksStatus,
  installHooks,
  uninstallHooks,
  type HookState,
  type InstallHooksOptions,
} from './hooks/hooks.js';
export type { CheckpointInput } from './pilot/checkpoints.js';
export type { HeldLock } from './pilot/locks.js';
export type { FollowOptions, InboxFilter, ReplyInput, SendInput } from './pilot/messages.js';
export { Pilot } from './pilot/pilot.js';
export type { ClaimRequest, ReadyFilter } from './pilot/queue.js';
export type { PilotFields } from './pilot/scope.js';
export type { HeldReservation, ReserveOptions } from './pilot/reservations.js';
export type { MissionInput, SortieInput } from './pilot/work.js';
export {
  InitTargetError,
  NoProjectError,
  ProjectIdentityMissingError,
  UnknownProjectKeyError,
} from './project/errors.js';
export { defaultProjectRoot, findProjectRoot } from './project/find-root.js';
export { initProject, type InitOptions, type InitResult } from './project/init.js';
export type { OpenProjectOptions } from './project/open.js';
export { startDashboard, type Dashboard } from './ui/server.js';
export type { DashboardOptions } from './ui/options.js';
export { DashboardListenError, DashboardOptionsError, DashboardTokenRequiredError } from './ui/errors.js';
