import type { TrainingMethod } from './plan-types.js';
import type { MethodEntry, MethodName } from './spec-schema.js';

/**
 * What each training method reads from the grid. The planner dedupes training runs by exactly these parameters, so
 * a method that ignores a dimension is trained once for all its values (SPEC §10).
 */
export interface MethodDescriptor {
  name: MethodName;
  /** Grid dimensions this method's training depends on, besides width (which shapes every network). */
  trainingDimensions: ReadonlyArray<'dropConnectRate'>;
  /** Builds the method's parameters from one grid coordinate. */
  build(coordinate: { dropConnectRate: number | null }): TrainingMethod;
}

const methods: Record<MethodName, MethodDescriptor> = {
  baseline: { name: 'baseline', trainingDimensions: [], build: () => ({ name: 'baseline' }) },
  'drop-connect': {
    name: 'drop-connect',
    trainingDimensions: ['dropConnectRate'],
    build: ({ dropConnectRate }) => {
      if (dropConnectRate === null) throw new Error('drop-connect needs a dropConnectRate');
      return { name: 'drop-connect', rate: dropConnectRate };
    },
  },
};

export const METHODS: Readonly<Record<MethodName, MethodDescriptor>> = Object.freeze(methods);

/**
 * The descriptor of one `methods:` entry. baseline and drop-connect come from METHODS; every other method carries its
 * (fully expanded) parameters in the entry, reads no grid dimension, and is labelled by its entry (e.g.
 * `sparsity(l1=0.001)`), so the planner dedupes its training by the full parameters and two entries of one method stay
 * apart in query and compare.
 */
export function methodDescriptor(entry: MethodEntry): { label: string; trainingDimensions: ReadonlyArray<'dropConnectRate'>; build: MethodDescriptor['build'] } {
  if (typeof entry === 'string') return { label: entry, trainingDimensions: METHODS[entry].trainingDimensions, build: METHODS[entry].build };
  return { label: entry.label, trainingDimensions: [], build: () => structuredClone(entry.method) };
}
