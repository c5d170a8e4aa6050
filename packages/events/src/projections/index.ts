import type { FleetEvent } from '../types/index.js';
import { checkpointProjectors } from './checkpoints.js';
import { coordinationProjectors } from './coordination.js';
import { messageProjectors } from './messages.js';
import { missionProjectors } from './missions.js';
import { pilotProjectors } from './pilots.js';
import { reservationProjectors } from './reservations.js';
import { sortieProjectors } from './sorties.js';
import type { ProjectionStatement, ProjectorsOf } from './statement.js';
import type { FleetEventType } from '../types/index.js';
import { workOrderProjectors } from './work-orders.js';

/** Every event type's projector; the type makes a missing one a compile error. */
const PROJECTORS: ProjectorsOf<FleetEventType> = {
  ...pilotProjectors,
  ...messageProjectors,
  ...reservationProjectors,
  ...missionProjectors,
  ...sortieProjectors,
  ...workOrderProjectors,
  ...checkpointProjectors,
  ...coordinationProjectors,
};

/**
 * The statements that bring every projection up to date with one event. Pure: the same event always gives
 * the same statements, which is why live appends and replay cannot diverge.
 */
export function projectionStatements(event: FleetEvent): readonly ProjectionStatement[] {
  const project = PROJECTORS[event.type] as (event: FleetEvent) => readonly ProjectionStatement[];
  return project(event);
}
