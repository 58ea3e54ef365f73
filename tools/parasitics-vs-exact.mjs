#!/usr/bin/env node
// Compares the tile models of SPEC §5 with the exact nodal solver of one differential crossbar pair and prints the
// normalized RMS deviation (percent) of the column currents. Node 20 cannot run .ts directly, so this imports the
// compiled library: build it first with `npx nx run @memsweep/crossbar:build`.
//
//   node tools/parasitics-vs-exact.mjs [--inputs 8] [--wire 1] [--seed 1]
//
// Setup: [C]'s TiO₂ window (R_max = 600 kΩ, Gmax/Gmin = 15, 4-bit levels); a size × size pair programmed from N(0, 1)
// weights by the differential mapping (the last row is the bias row, driven at 1 V); inputs U[0, 1) V. The positive
// array is driven by +V, the negative one by −V; the differential output is I⁺ + I⁻(−V) = I⁺(V) − I⁻(V).
// NRMSD = √mean((model − exact)²) / (max(exact) − min(exact)), pooled over all columns and input vectors, taken
//   "diff": over the differential output I⁺ − I⁻ (the quantity a neuron sees), normalized by ITS range;
//   "I⁺":   over the positive array's own currents, normalized by their range.
// Columns: FO = first-order model [C eqs. 1–3]; (1−K)⁻¹ = exact ideal-wire model; nodal = exact solver, ideal wires;
// wired = exact solver with `--wire` Ω per segment on every word line and bit line (the ideal-wire models ignore it).
import { parseArgs } from 'node:util';
import {
  CROSSBAR_TECHNOLOGIES, Rng, assembleCrossbarNodal, differentialMappingFor, mapLayerDifferential, normalizedRmsDeviation,
  solveCrossbarNodal, tileColumnCurrents, tileTransfer,
} from '../libs/crossbar/dist/index.js';

const { values } = parseArgs({ options: { inputs: { type: 'string', default: '8' }, wire: { type: 'string', default: '1' }, seed: { type: 'string', default: '1' } } });
const inputCount = Number(values.inputs);
const wireResistance = Number(values.wire);
const seed = Number(values.seed);
const technology = CROSSBAR_TECHNOLOGIES.tio2;
const mapping = differentialMappingFor(technology, 16);
const sizes = [32, 64, 128, 256];
const sourceResistances = [200, 400, 800]; // Ω, [C] Table I footnote
const neuronResistances = [0, 100, 200]; // Ω

function currentsOf(size, transferOrSystem, inputs, sign) {
  const out = [];
  for (const v of inputs) {
    const driven = v.map((x) => sign * x);
    const currents = transferOrSystem.matrix
      ? solveCrossbarNodal(transferOrSystem, driven).columnCurrents
      : tileColumnCurrents(transferOrSystem, size, size, driven);
    out.push(...currents);
  }
  return Float64Array.from(out);
}

const pct = (x) => (100 * x).toExponential(2).padStart(10);
const header = ['size', 'R_S Ω', 'R_S/Rmax %', 'R_N Ω', 'R_N/Rmax %', 'FO/nodal diff', 'FO/nodal I⁺', '(1−K)⁻¹/nodal diff', 'FO/wired diff', '(1−K)⁻¹/wired diff', 'FO/wired I⁺'];
console.log(`NRMSD in percent; TiO₂ R_max = ${technology.rMax / 1e3} kΩ, 4-bit, ${inputCount} input vectors, wires ${wireResistance} Ω/segment, seed ${seed}`);
console.log(`| ${header.join(' | ')} |`);
console.log(`| ${header.map(() => '---').join(' | ')} |`);
for (const size of sizes) {
  const rng = Rng.of('tools', 'parasitics-vs-exact', seed, size);
  const weights = new Float32Array((size - 1) * size);
  rng.fillNormal(weights);
  const bias = new Float32Array(size);
  rng.fillNormal(bias);
  const pair = mapLayerDifferential({ inputs: size - 1, outputs: size, weights, bias }, mapping);
  const inputs = Array.from({ length: inputCount }, () => Float64Array.from({ length: size }, (_, i) => (i === size - 1 ? 1 : rng.uniform())));
  for (const rS of sourceResistances) {
    for (const rN of neuronResistances) {
      const result = {};
      for (const [name, g, sign] of [['plus', pair.gPlus, 1], ['minus', pair.gMinus, -1]]) {
        const circuit = { rows: size, columns: size, conductances: g, sourceResistance: rS, neuronResistance: rN };
        result[name] = {
          firstOrder: currentsOf(size, tileTransfer(g, size, size, { kind: 'parasitics', sourceResistance: rS, neuronResistance: rN, model: 'first-order' }), inputs, sign),
          idealWire: currentsOf(size, tileTransfer(g, size, size, { kind: 'parasitics', sourceResistance: rS, neuronResistance: rN, model: 'ideal-wire' }), inputs, sign),
          nodal: currentsOf(size, assembleCrossbarNodal({ ...circuit, wireResistance: 0 }), inputs, sign),
          wired: currentsOf(size, assembleCrossbarNodal({ ...circuit, wireResistance }), inputs, sign),
        };
      }
      const diff = (model) => result.plus[model].map((x, k) => x + result.minus[model][k]);
      const row = [
        String(size).padStart(4), String(rS).padStart(5), (100 * rS / technology.rMax).toFixed(3), String(rN).padStart(5), (100 * rN / technology.rMax).toFixed(3),
        pct(normalizedRmsDeviation(diff('firstOrder'), diff('nodal'))),
        pct(normalizedRmsDeviation(result.plus.firstOrder, result.plus.nodal)),
        pct(normalizedRmsDeviation(diff('idealWire'), diff('nodal'))),
        pct(normalizedRmsDeviation(diff('firstOrder'), diff('wired'))),
        pct(normalizedRmsDeviation(diff('idealWire'), diff('wired'))),
        pct(normalizedRmsDeviation(result.plus.firstOrder, result.plus.wired)),
      ];
      console.log(`| ${row.join(' | ')} |`);
    }
  }
}
