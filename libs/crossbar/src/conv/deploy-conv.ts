/**
 * Deploying the crossbar layers of a convolutional network (kernel banks from `convKernelAsCrossbar`, batch norm folded,
 * then the dense layers) on one chip. Crossbar layer l draws from exactly the streams the dense path uses
 * (`layerStreams(chipKeyParts, l)` via `deployNetwork`), so a network of dense layers deploys bit-identically either way.
 */
import type { KeyPart } from '../rng/rng.js';
import type { DenseLayer } from '../layer.js';
import { deployNetwork, type DeviceModelConfig, type NetworkDeployment } from '../deploy-network.js';

/**
 * Why a device model cannot deploy a convolutional network, or null when it can. A conv kernel bank is read once per
 * output position, so only models that fold a crossbar into fixed effective weights apply: weight-level, and analog
 * without per-read column noise. Bit-sliced evaluation runs every input vector through bit planes and ADCs in JS —
 * per im2col patch that is far too slow for a sweep — and is not implemented for convolutions.
 */
export function convDeploymentProblem(model: DeviceModelConfig): string | null {
  if (model.kind === 'bit-sliced') return 'the bit-sliced model is not implemented for convolutional networks (use weight-level or analog)';
  if (model.kind === 'analog' && model.columnNoise > 0) return 'analog column noise (per-read noise) is not implemented for convolutional networks: set columnNoise to 0';
  return null;
}

/**
 * One chip's effective crossbar layers of a convolutional network: `layers` are its kernel banks and dense layers in
 * network order (batch norm already folded in); the result is the same list as the chip computes it. Throws a
 * `RangeError` with `convDeploymentProblem`'s reason for a model that does not fold.
 */
export function deployConvCrossbars(layers: readonly DenseLayer[], deployment: NetworkDeployment, chipKeyParts: readonly KeyPart[]): DenseLayer[] {
  const problem = convDeploymentProblem(deployment.model);
  if (problem) throw new RangeError(problem);
  const chip = deployNetwork(layers, deployment, chipKeyParts);
  if (chip.kind !== 'dense') throw new RangeError(`deployConvCrossbars: expected folded layers, the model gave '${chip.kind}'`);
  return chip.layers;
}
