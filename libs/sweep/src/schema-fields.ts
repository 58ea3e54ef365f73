/** Field schemas shared by the sweep-file schema's parts, with the messages every part uses. */
import { z } from 'zod';

/** A type error message that says "is required" when the value is missing altogether. */
export const expected = (message: string) => (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);

/** A number in [min, max]. */
export const between = (min: number, max: number, what = 'must be between') =>
  z.number({ error: expected('must be a number') }).min(min, `${what} ${min} and ${max}`).max(max, `${what} ${min} and ${max}`);

/** A whole number in [1, max]. */
export const positiveInt = (max: number) =>
  z.number({ error: expected('must be a number') }).int('must be a whole number').min(1, `must be between 1 and ${max}`).max(max, `must be between 1 and ${max}`);
