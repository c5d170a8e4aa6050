export * from './checkpoints.js';
export * from './flightline.js';
export * from './messages.js';
export * from './pilots.js';
export * from './reservations.js';
