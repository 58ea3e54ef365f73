/**
 * [K]'s imperfect-memristor model (SPEC §7.6): every device has a fault factor f that scales each resistance change it
 * is asked for, ΔR = f·ΔR_ideal + η. Stuck devices have f = 0, concordant ones f > 0, discordant ones f < 0. The
 * distributions are those of the authors' public code (IGITUGraz/Fault-Pruning, `generate_faults`).
 */
import type { Rng } from '../rng/rng.js';
import { assertNonNegative, assertProbability } from '../validate.js';

/** A device's fault class. */
export const DeviceKind = Object.freeze({ concordant: 0, stuck: 1, discordant: 2 } as const);
export type DeviceKind = (typeof DeviceKind)[keyof typeof DeviceKind];

/** Per-device fault factors. Pure JSON data. */
export interface DeviceFaultConfig {
  kind: 'device-faults';
  /** Probability a device is stuck (f = 0). @default 0 */
  stuckShare: number;
  /** Probability a device is discordant (f < 0); the rest are concordant. stuckShare + discordantShare ≤ 1. @default 0 */
  discordantShare: number;
  /** Mean of a concordant device's f before clipping, dimensionless. @default 1 */
  concordantMean: number;
  /** Standard deviation of a concordant device's f before clipping. 0 with mean 1 = ideal devices. @default 0.5 */
  concordantStd: number;
  /** Concordant f is clipped to [concordantMin, concordantMax]. @default [0.1, 2] */
  concordantMin: number;
  concordantMax: number;
  /** Mean of a discordant device's f before clipping. @default −1 */
  discordantMean: number;
  /** Standard deviation of a discordant device's f before clipping. @default 0.5 */
  discordantStd: number;
  /** Discordant f is clipped to [discordantMin, discordantMax]. @default [−2, −0.1] */
  discordantMin: number;
  discordantMax: number;
}

/** The authors' factor laws with no stuck or discordant device (every device concordant, f ~ N(1, 0.5) clipped to [0.1, 2]). */
export const DEFAULT_DEVICE_FAULTS: Readonly<DeviceFaultConfig> = Object.freeze({
  kind: 'device-faults',
  stuckShare: 0,
  discordantShare: 0,
  concordantMean: 1,
  concordantStd: 0.5,
  concordantMin: 0.1,
  concordantMax: 2,
  discordantMean: -1,
  discordantStd: 0.5,
  discordantMin: -2,
  discordantMax: -0.1,
});

/** Ideal devices: f = 1 exactly for every device ("off"). */
export const IDEAL_DEVICES: Readonly<DeviceFaultConfig> = Object.freeze({ ...DEFAULT_DEVICE_FAULTS, concordantStd: 0 });

/** The scenario of the authors' MNIST script: 30 % stuck, 30 % discordant, 40 % concordant. */
export const KRAISNIKOVIC_DEVICE_FAULTS: Readonly<DeviceFaultConfig> = Object.freeze({ ...DEFAULT_DEVICE_FAULTS, stuckShare: 0.3, discordantShare: 0.3 });

const KEYS = new Set(Object.keys(DEFAULT_DEVICE_FAULTS));

/** Throws a `RangeError` naming the field unless the config is valid and has no unknown keys. */
export function assertDeviceFaultConfig(config: DeviceFaultConfig): void {
  for (const key of Object.keys(config)) {
    if (!KEYS.has(key)) throw new RangeError(`device-faults config: unknown key ${JSON.stringify(key)} (valid keys: ${[...KEYS].join(', ')})`);
  }
  if (config.kind !== 'device-faults') throw new RangeError(`device-faults config: kind must be 'device-faults', got ${JSON.stringify(config.kind)}`);
  assertProbability('stuckShare', config.stuckShare);
  assertProbability('discordantShare', config.discordantShare);
  if (config.stuckShare + config.discordantShare > 1) {
    throw new RangeError(`stuckShare + discordantShare must be at most 1, got ${config.stuckShare} + ${config.discordantShare}`);
  }
  assertNonNegative('concordantStd', config.concordantStd);
  assertNonNegative('discordantStd', config.discordantStd);
  if (!(config.concordantMin <= config.concordantMax && config.concordantMin > 0)) {
    throw new RangeError(`concordant clip range must satisfy 0 < min <= max, got [${config.concordantMin}, ${config.concordantMax}]`);
  }
  if (!(config.discordantMin <= config.discordantMax && config.discordantMax < 0)) {
    throw new RangeError(`discordant clip range must satisfy min <= max < 0, got [${config.discordantMin}, ${config.discordantMax}]`);
  }
}

/** True unless every device is ideal (f = 1). */
export function deviceFaultsAreActive(config: DeviceFaultConfig): boolean {
  return config.stuckShare > 0 || config.discordantShare > 0 || config.concordantStd > 0 || config.concordantMean !== 1;
}

/** Per-device fault factors and classes, index = device. */
export interface DeviceFaults {
  /** f per device, dimensionless. */
  factors: Float64Array;
  /** `DeviceKind` per device. */
  kinds: Uint8Array;
}

const clip = (x: number, min: number, max: number): number => (x < min ? min : x > max ? max : x);

/**
 * Draws every device's class and factor. Per device, in index order, exactly one `rng.uniform()` u and one
 * `rng.normal()` z, whatever its class: u < stuckShare → stuck (f = 0); u < stuckShare + discordantShare → discordant,
 * f = clip(discordantMean + discordantStd·z); else concordant, f = clip(concordantMean + concordantStd·z).
 * Classes are independent per device (the authors pick exactly ⌊share·n⌋ devices per class; shares agree in expectation).
 */
export function drawDeviceFaults(devices: number, config: DeviceFaultConfig, rng: Rng): DeviceFaults {
  assertDeviceFaultConfig(config);
  const factors = new Float64Array(devices);
  const kinds = new Uint8Array(devices);
  const discordantLimit = config.stuckShare + config.discordantShare;
  for (let i = 0; i < devices; i++) {
    const u = rng.uniform();
    const z = rng.normal();
    if (u < config.stuckShare) {
      kinds[i] = DeviceKind.stuck;
      factors[i] = 0;
    } else if (u < discordantLimit) {
      kinds[i] = DeviceKind.discordant;
      factors[i] = clip(config.discordantMean + config.discordantStd * z, config.discordantMin, config.discordantMax);
    } else {
      kinds[i] = DeviceKind.concordant;
      factors[i] = clip(config.concordantMean + config.concordantStd * z, config.concordantMin, config.concordantMax);
    }
  }
  return { factors, kinds };
}
