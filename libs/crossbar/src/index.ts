export * from './rng/philox.js';
export * from './rng/rng.js';
