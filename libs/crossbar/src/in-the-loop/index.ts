export * from './device-faults.js';
export * from './update.js';
export * from './fault-estimator.js';
export * from './fault-pruning.js';
