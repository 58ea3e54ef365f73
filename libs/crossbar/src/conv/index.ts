export * from './conv-crossbar.js';
export * from './deploy-conv.js';
