/**
 * The FleetTools table model (specs §4): the event log and every projection table, with their row types.
 * TS property names equal the snake_case SQL column names, so rows match event fields one to one.
 *
 * @packageDocumentation
 */
export * from './dependencies.js';
export * from './events.js';
export * from './flightline.js';
export * from './long-lived.js';
export * from './project.js';
export * from './streams.js';
