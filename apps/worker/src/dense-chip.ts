/**
 * Deploying one Monte-Carlo chip for evaluation: crossbar's `deployNetwork`, except that weight-level chips are drawn by
 * a twin of crossbar's deployment (@memsweep/kernels `fastWeightLevel`: native, ~8× faster, else WebAssembly, ~1.5×),
 * bit-identical. The chip is the same either way; only the time to draw it changes.
 */
import {
  assertDenseLayer,
  assertWeightLevelDeployment,
  deployNetwork,
  layerStreamKeys,
  type Activation,
  type DenseLayer,
  type DeployedNetwork,
  type KeyPart,
  type NetworkDeployment,
} from '@memsweep/crossbar';
import { fastWeightLevel, type NativeWeightLevel } from '@memsweep/kernels';

const fastest = fastWeightLevel();

/** Who draws weight-level chips on this thread: 'native', 'wasm' or 'js' (crossbar itself). */
export const chipDeployer: 'native' | 'wasm' | 'js' = fastest?.engine ?? 'js';

/**
 * `deployNetwork(layers, deployment, chipKeyParts, activation, calibrationInputs)`, weight-level chips drawn by
 * `deployer` (default: the fastest here; null: crossbar in JavaScript).
 */
export function deployChip(
  layers: readonly DenseLayer[],
  deployment: NetworkDeployment,
  chipKeyParts: readonly KeyPart[],
  activation: Activation,
  calibrationInputs?: Float32Array,
  deployer: NativeWeightLevel | null = fastest,
): DeployedNetwork {
  const { model } = deployment;
  if (!deployer || model.kind !== 'weight-level') return deployNetwork(layers, deployment, chipKeyParts, activation, calibrationInputs);
  const weightLevel = { stuckOffRate: deployment.stuckOffRate, stuckOnRate: deployment.stuckOnRate, sigma: deployment.sigma, model };
  assertWeightLevelDeployment(weightLevel);
  const strengths = { ...weightLevel, stuckOnValue: model.stuckOnValue };
  return {
    kind: 'dense',
    layers: layers.map((layer, l) => {
      assertDenseLayer(layer);
      return deployer.perturbLayer(layer, strengths, layerStreamKeys(chipKeyParts, l)) as DenseLayer;
    }),
  };
}
