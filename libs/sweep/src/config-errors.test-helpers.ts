import { expect } from 'vitest';
import { compileSweepYaml } from './compile-spec.js';
import { ConfigError } from './errors.js';

/** The issues of the ConfigError a sweep file must raise (fails the test when it compiles). */
export function configErrorMessages(yaml: string): string[] {
  try {
    compileSweepYaml(yaml);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}
