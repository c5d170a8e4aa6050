export * from './checkpoints.js';
export * from './flightline.js';
export * from './locks.js';
export * from './messages.js';
export * from './pilots.js';
export * from './project.js';
export * from './reservations.js';
