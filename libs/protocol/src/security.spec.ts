import { Metadata } from '@grpc/grpc-js';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkBearerToken, clientCredentials, clientOptions, serverCredentials, tokenProblem } from './security.js';

const TOKEN = 'abcdefghijklmnop0123';
const expected = createHash('sha256').update(TOKEN).digest();
const md = (...values: string[]) => {
  const m = new Metadata();
  for (const v of values) m.add('authorization', v);
  return m;
};

describe('worker token', () => {
  it('accepts exactly `Bearer <token>`', () => {
    expect(checkBearerToken(md(`Bearer ${TOKEN}`), expected)).toBeUndefined();
  });

  it('names what is wrong: missing, malformed, wrong', () => {
    expect(checkBearerToken(new Metadata(), expected)).toMatch(/^missing worker token/);
    expect(checkBearerToken(md(TOKEN), expected)).toMatch(/^malformed authorization metadata/);
    expect(checkBearerToken(md(`bearer ${TOKEN}`), expected)).toMatch(/^malformed/);
    expect(checkBearerToken(md(`Bearer ${TOKEN}`, `Bearer ${TOKEN}`), expected)).toMatch(/^malformed/);
    expect(checkBearerToken(md(`Bearer ${TOKEN}x`), expected)).toMatch(/^invalid worker token/);
    expect(checkBearerToken(md('Bearer x'), expected)).toMatch(/^invalid worker token/); // any length: digests compared
  });

  it('wants printable ASCII of at least 16 characters', () => {
    expect(tokenProblem(TOKEN)).toBeUndefined();
    expect(tokenProblem('short')).toMatch(/at least 16/);
    expect(tokenProblem('sixteen chars with spaces')).toMatch(/printable ASCII/);
    expect(tokenProblem('ünïcödé-ünïcödé-ünïcödé')).toMatch(/printable ASCII/);
  });
});

describe('credentials', () => {
  it('are plaintext without TLS settings and refuse half a certificate', () => {
    expect(clientCredentials()._isSecure()).toBe(false);
    expect(clientCredentials({ tls: true })._isSecure()).toBe(true);
    expect(() => clientCredentials({ tlsCertFile: 'c.crt' })).toThrow(/both its certificate and its key/);
    expect(() => clientCredentials({ tlsCaFile: '/nonexistent/ca.crt' })).toThrow('cannot read the TLS CA file /nonexistent/ca.crt: ENOENT');
    expect(serverCredentials()._isSecure()).toBe(false);
    expect(() => serverCredentials({ requireClientCert: true })).toThrow(/need TLS/);
  });

  it('add the token interceptor and the server name override to the client options', () => {
    expect(clientOptions({ a: 1 })).toEqual({ a: 1 });
    const options = clientOptions({}, { token: TOKEN, tlsServerName: 'coordinator' });
    expect(options.interceptors).toHaveLength(1);
    expect(options['grpc.ssl_target_name_override']).toBe('coordinator');
  });
});
