export * from './coordinator.js';
export * from './sweep-service.js';
export * from './worker-registry.js';
