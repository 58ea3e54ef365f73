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
import { fastWeightLevel, zeroDeadRows, type NativeWeightLevel } from '@memsweep/kernels';

const fastest = fastWeightLevel();

/** Who draws weight-level chips on this thread: 'native', 'wasm' or 'js' (crossbar itself). */
export const chipDeployer: 'native' | 'wasm' | 'js' = fastest?.engine ?? 'js';

/** How `deployChip` draws a chip. */
export interface DeployChipOptions {
  /** MMSE calibration inputs of the bit-sliced model (crossbar's `deployNetwork`). */
  calibrationInputs?: Float32Array;
  /**
   * Weight-level chips: one byte per input feature, 0 where every evaluated sample's input is 0 (@memsweep/kernels
   * `PreparedDenseEvaluation.liveInputRows`). The first layer's weight rows marked 0 are not drawn and read 0; the
   * evaluation never reads them, so its results are unchanged. Other models ignore it.
   */
  liveInputRows?: Uint8Array;
  /** Who draws weight-level chips: default the fastest here; null = crossbar in JavaScript. */
  deployer?: NativeWeightLevel | null;
}

/** `deployNetwork(layers, deployment, chipKeyParts, activation, calibrationInputs)`, weight-level chips drawn fast. */
export function deployChip(
  layers: readonly DenseLayer[],
  deployment: NetworkDeployment,
  chipKeyParts: readonly KeyPart[],
  activation: Activation,
  options: DeployChipOptions = {},
): DeployedNetwork {
  const { calibrationInputs, liveInputRows, deployer = fastest } = options;
  const { model } = deployment;
  if (model.kind !== 'weight-level') return deployNetwork(layers, deployment, chipKeyParts, activation, calibrationInputs);
  if (!deployer) {
    const chip = deployNetwork(layers, deployment, chipKeyParts, activation);
    if (chip.kind !== 'dense' || !liveInputRows) return chip;
    const [first, ...rest] = chip.layers;
    const weights = first.weights.slice(); // the deployment may share the trained arrays: never write into them
    zeroDeadRows(weights, first.outputs, liveInputRows);
    return { ...chip, layers: [{ ...first, weights }, ...rest] };
  }
  const weightLevel = { stuckOffRate: deployment.stuckOffRate, stuckOnRate: deployment.stuckOnRate, sigma: deployment.sigma, model };
  assertWeightLevelDeployment(weightLevel);
  const strengths = { ...weightLevel, stuckOnValue: model.stuckOnValue };
  return {
    kind: 'dense',
    layers: layers.map((layer, l) => {
      assertDenseLayer(layer);
      return deployer.perturbLayer(layer, strengths, layerStreamKeys(chipKeyParts, l), l === 0 ? liveInputRows : undefined) as DenseLayer;
    }),
  };
}
