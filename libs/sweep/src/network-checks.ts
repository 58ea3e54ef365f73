import { convDeploymentProblem } from '@memsweep/crossbar';
import { isConvNetwork } from './network-schema.js';
import type { SweepSpec } from './spec-schema.js';

/** The methods a convolutional network trains with (`trainNetwork`); the others are MLP-only for now. */
const CONV_METHODS = ['baseline', 'drop-connect'];

/**
 * Cross-field rules of the network choice, as `path: message` lines (empty when the spec is consistent): CNNs train with
 * baseline or drop-connect and deploy on models that fold a kernel bank into fixed weights; batch-norm recalibration
 * needs a network with batch norm.
 */
export function convNetworkIssues(spec: SweepSpec): string[] {
  const issues: string[] = [];
  const network = spec.network;
  if (isConvNetwork(network)) {
    spec.methods.forEach((entry, i) => {
      const name = typeof entry === 'string' ? entry : entry.method.name;
      if (!CONV_METHODS.includes(name)) issues.push(`methods[${i}]: ${name} is implemented for MLPs only; a ${network.kind} network trains with ${CONV_METHODS.join(' or ')}`);
    });
    const problem = convDeploymentProblem(spec.deployment.model);
    if (problem) issues.push(`deployment.model: ${problem}`);
  }
  if (spec.deployment.batchNormRecalibration && network.kind !== 'vgg-small') {
    issues.push(`deployment.batchNormRecalibration: needs a network with batch norm (vgg-small), ${network.kind} has none`);
  }
  return issues;
}
