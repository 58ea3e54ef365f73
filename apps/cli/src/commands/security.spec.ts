import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, EXIT_INVALID_INPUT } from '../fail.js';
import { clientSecurity, localWorkerEnv, resolveToken, serverSecurity } from './security.js';

const dir = mkdtempSync(join(tmpdir(), 'memsweep-cli-sec-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const GOOD = 'abcdefghijklmnop0123';

describe('security flags', () => {
  it('reads the token from --token-file (trimmed), else MEMSWEEP_TOKEN, else none', () => {
    expect(resolveToken({ tokenFile: file('t1', `${GOOD}\n`) }, { MEMSWEEP_TOKEN: 'ignored-when-a-file-is-given' })).toBe(GOOD);
    expect(resolveToken({}, { MEMSWEEP_TOKEN: GOOD })).toBe(GOOD);
    expect(resolveToken({}, {})).toBeUndefined();
  });

  it('refuses an unreadable file and an unfit token with exit code 2 and a message naming the source', () => {
    const fail = (f: () => unknown) => {
      try {
        f();
      } catch (err) {
        expect(err).toBeInstanceOf(CliError);
        expect((err as CliError).exitCode).toBe(EXIT_INVALID_INPUT);
        return (err as Error).message;
      }
      throw new Error('did not throw');
    };
    expect(fail(() => resolveToken({ tokenFile: join(dir, 'missing') }, {}))).toBe(`cannot read the token file ${join(dir, 'missing')}: ENOENT`);
    expect(fail(() => resolveToken({}, { MEMSWEEP_TOKEN: 'short' }))).toMatch(/^MEMSWEEP_TOKEN: .*at least 16 characters/);
    expect(fail(() => resolveToken({ tokenFile: file('t2', 'with a space in the token') }, {}))).toMatch(/token file .*: .*printable ASCII without spaces/);
    expect(fail(() => serverSecurity({ tlsCert: 'a.crt' }))).toMatch(/--tls-cert and --tls-key/);
    expect(fail(() => serverSecurity({ tlsCert: 'a.crt', tlsKey: 'a.key', requireClientCert: true }))).toMatch(/--require-client-cert needs --tls-ca/);
    expect(fail(() => serverSecurity({ tlsCa: 'ca.crt' }))).toMatch(/needs TLS/);
    expect(fail(() => clientSecurity({ tlsKey: 'c.key' }))).toMatch(/--tls-cert and --tls-key/);
  });

  it('maps flags onto the protocol options', () => {
    expect(clientSecurity({ tlsCa: 'ca.crt', tlsServerName: 'coord' })).toEqual({ token: undefined, tls: undefined, tlsCaFile: 'ca.crt', tlsCertFile: undefined, tlsKeyFile: undefined, tlsServerName: 'coord' });
    expect(serverSecurity({ tlsCert: 's.crt', tlsKey: 's.key', tlsCa: 'ca.crt', requireClientCert: true, tokenFile: file('t3', GOOD) })).toEqual({
      token: GOOD, tlsCertFile: 's.crt', tlsKeyFile: 's.key', tlsCaFile: 'ca.crt', requireClientCert: true,
    });
  });

  it('gives `memsweep run` workers the run token by env and none of the caller\'s TLS settings', () => {
    const env = localWorkerEnv(GOOD);
    expect(env.MEMSWEEP_TOKEN).toBe(GOOD);
    for (const key of ['MEMSWEEP_TOKEN_FILE', 'MEMSWEEP_TLS', 'MEMSWEEP_TLS_CA', 'MEMSWEEP_TLS_CERT', 'MEMSWEEP_TLS_KEY', 'MEMSWEEP_TLS_SERVER_NAME']) {
      expect(key in env && env[key] === undefined, key).toBe(true);
    }
  });
});
