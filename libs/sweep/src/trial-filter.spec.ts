import { describe, expect, it } from 'vitest';
import type { TrialRow } from './aggregate.js';
import { ConfigError } from './errors.js';
import { applyFilters, parseWhere } from './trial-filter.js';

const base = { sweep: 'a', method: 'baseline', faultRate: 0.1, dropConnectRate: null, sigma: 0, crossbarSize: 64, width: 1, seed: 1, trial: 0, accuracy: 0.9 };
const rows: TrialRow[] = [
  base,
  { ...base, faultRate: 0.2 },
  { ...base, faultRate: 0.1 + 0.2 }, // 0.30000000000000004 matches 0.3
  { ...base, method: 'drop-connect', dropConnectRate: 0.4, faultRate: 0.2, trial: 1 },
];

describe('parseWhere / applyFilters', () => {
  it('ORs values within a clause, ANDs clauses; none matches a NULL drop-connect rate', () => {
    expect(applyFilters(rows, parseWhere(['faultRate=0.2,0.3']))).toEqual([rows[1], rows[2], rows[3]]);
    expect(applyFilters(rows, parseWhere(['faultRate=0.2,0.3', 'method=baseline']))).toEqual([rows[1], rows[2]]);
    expect(applyFilters(rows, parseWhere(['dropConnectRate=none']))).toHaveLength(3);
    expect(applyFilters(rows, parseWhere(['dropConnectRate=0.4', 'trial=1', 'sweep=a']))).toEqual([rows[3]]);
    expect(applyFilters(rows, parseWhere([]))).toEqual(rows);
  });

  it('names every bad clause precisely', () => {
    let error: unknown;
    try {
      parseWhere(['faultrate=0.2', 'sigma=abc', 'crossbarSize=64.5', 'method', 'width=', 'colour=red']);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      '--where "faultrate=0.2": unknown column "faultrate" (did you mean faultRate?); allowed: sweep, method, faultRate, dropConnectRate, sigma, crossbarSize, width, seed, trial',
      '--where "sigma=abc": sigma: "abc" is not a number',
      '--where "crossbarSize=64.5": crossbarSize: "64.5" is not a whole number',
      '--where "method": expected column=value[,value…], e.g. faultRate=0.1,0.2',
      '--where "width=": width: empty value',
      '--where "colour=red": unknown column "colour"; allowed: sweep, method, faultRate, dropConnectRate, sigma, crossbarSize, width, seed, trial',
    ]);
  });
});
