export { loadNativeAddon, type NativeAddonLoad, type NativeAddonName } from './native-addon.js';
export * from './train/native-trainer.js';
export * from './eval/network.js';
export { prepareDenseEvaluation, type EvaluationEngine, type PreparedDenseEvaluation, type PrepareDenseEvaluationOptions } from './eval/engine.js';
export * from './eval/weight-level.js';
export * from './eval/bit-sliced-columns.js';
