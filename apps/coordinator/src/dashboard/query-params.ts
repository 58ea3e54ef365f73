import { HttpError } from './http-error.js';

/**
 * Reads a query string against the parameters an endpoint accepts: an unknown or repeated parameter, an empty value or
 * a value of the wrong type is a 400 naming it. Values are checked against the sweep's own values by the caller.
 */
export function readParams<K extends string>(search: URLSearchParams, spec: Record<K, 'number' | 'string'>): Partial<Record<K, number | string>> {
  const allowed = Object.keys(spec) as K[];
  const out: Partial<Record<K, number | string>> = {};
  const seen = new Set<string>();
  for (const [key, value] of search) {
    if (!Object.hasOwn(spec, key)) throw new HttpError(400, `unknown parameter "${clip(key)}" (allowed: ${allowed.join(', ') || 'none'})`);
    if (seen.has(key)) throw new HttpError(400, `parameter "${key}" given more than once`);
    seen.add(key);
    if (value === '' || value.length > 200) throw new HttpError(400, `parameter "${key}" must be a non-empty value of at most 200 characters`);
    if (spec[key as K] === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n) || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value)) throw new HttpError(400, `parameter "${key}" must be a number, not "${clip(value)}"`);
      out[key as K] = n;
    } else {
      out[key as K] = value;
    }
  }
  return out;
}

/** A value the sweep has, else a 400 listing the ones it has; the first (smallest) when absent. */
export function oneOf(name: string, value: number | undefined, values: readonly number[]): number {
  if (value === undefined) {
    if (values.length === 0) throw new HttpError(400, `the sweep has no values of ${name} yet`);
    return values[0];
  }
  if (!values.includes(value)) throw new HttpError(400, `${name}=${value} is not a value of this sweep (${values.join(', ') || 'none'})`);
  return value;
}

/** Shortens caller-supplied text before it is echoed in an error message. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
