export * from './config.js';
export * from './quantize.js';
export * from './mapping.js';
export * from './cell-faults.js';
export * from './adc.js';
export * from './mmse.js';
export * from './packed-tiles.js';
export * from './forward.js';
