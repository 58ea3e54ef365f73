/** Drop-connect masks [X] (SPEC §7.2), drawn from the crossbar's counter-based generator. */
import { Rng } from '@memsweep/crossbar';

const TWO_POW_32 = 4294967296;

/** Where a mask sits in training: the key of its random stream is ('train', seed, 'dropconnect', epoch, batch, layer). */
export interface MaskSite {
  seed: number;
  /** 0-based epoch. */
  epoch: number;
  /** 0-based batch within the epoch. */
  batch: number;
  /** 0-based layer index. */
  layer: number;
}

/**
 * A keep-mask over `size` weights: entry i is 1 with probability 1 − dropRate, else 0, independently.
 * One 32-bit draw per weight: weight i is kept when draw i < round((1 − dropRate)·2³²), so the keep probability is
 * exact to 2⁻³². Deterministic in (site, size, dropRate).
 */
export function drawKeepMask(site: MaskSite, size: number, dropRate: number): Uint8Array {
  assertDropRate(dropRate);
  const rng = Rng.of('train', site.seed, 'dropconnect', site.epoch, site.batch, site.layer);
  const keepBelow = Math.round((1 - dropRate) * TWO_POW_32);
  const keep = new Uint8Array(size);
  for (let i = 0; i < size; i++) keep[i] = rng.nextUint32() < keepBelow ? 1 : 0;
  return keep;
}

/** Throws a `RangeError` unless 0 ≤ rate < 1 (at rate 1 nothing would be kept and 1/(1−rate) is infinite). */
export function assertDropRate(rate: number): void {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`drop-connect rate must be in [0, 1), got ${rate}`);
}
