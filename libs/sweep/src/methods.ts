import type { TrainingMethod } from './plan-types.js';
import type { MethodName } from './spec-schema.js';

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
