import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './errors.js';
import { convNetworkIssues } from './network-checks.js';
import { sweepSpecSchema, type SweepSpec } from './spec-schema.js';

/** Formats a zod issue path as `grid.faultRate[2]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(top level)' : out;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key`).join('\n');
  }
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) return `${formatPath(issue.path)}: is required`;
  return `${formatPath(issue.path)}: ${issue.message}`;
}

/** Validates an already-parsed object against the sweep schema, with messages that name the field and the rule. */
export function compileSweepSpec(raw: unknown): SweepSpec {
  const parsed = sweepSpecSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.flatMap((i) => formatIssue(i).split('\n')));
  const spec = parsed.data;
  if (spec.methods.includes('drop-connect') && spec.grid.dropConnectRate === undefined) {
    throw new ConfigError(['grid.dropConnectRate: is required by method drop-connect']);
  }
  if (spec.deployment.model.kind === 'bit-sliced' && spec.grid.sigma.some((s) => s !== 0)) {
    throw new ConfigError(['grid.sigma: must be 0 under the bit-sliced model (its binary cells have no conductance variation)']);
  }
  const adaptive = spec.montecarlo?.adaptive;
  if (adaptive) {
    // maxTrials bounds the trials of an adaptive sweep: a `trials` beside it would be ambiguous.
    if (raw !== null && typeof raw === 'object' && 'trials' in raw) throw new ConfigError(['trials: must not be set with montecarlo.adaptive (its maxTrials bounds the trials)']);
    if (adaptive.batch % spec.shardSize !== 0) throw new ConfigError([`montecarlo.adaptive.batch: must be a multiple of shardSize (${spec.shardSize})`]);
  }
  const networkIssues = convNetworkIssues(spec);
  if (networkIssues.length > 0) throw new ConfigError(networkIssues);
  return deepFreeze(spec);
}

/** Parses YAML text (aliases capped by the yaml library's defaults) and compiles it. */
export function compileSweepYaml(text: string): SweepSpec {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => `yaml: ${e.message.split('\n')[0]}`));
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new ConfigError([`yaml: ${(err as Error).message}`]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(['(top level): must be a mapping of sweep settings']);
  }
  return compileSweepSpec(raw);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
