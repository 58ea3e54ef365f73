import * as grpc from '@grpc/grpc-js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSweepClient, createWorkerClient, MAX_MESSAGE_BYTES, unary, type ClientSecurity, type ServerSecurity } from '@memsweep/protocol';
import { AuthenticationError, UnavailableError } from '@memsweep/sweep';
import { pino } from 'pino';
import { startCoordinator, type RunningCoordinator } from './coordinator.js';
import { generateTlsFixtures, HAVE_OPENSSL, type TlsFixtures } from './testing/tls-fixtures.test-helpers.js';

const TOKEN = 'test-token-0123456789abcdef0123456789';
const silent = pino({ level: 'silent' });

async function start(security: ServerSecurity, listen = '127.0.0.1:0'): Promise<RunningCoordinator> {
  const dir = mkdtempSync(join(tmpdir(), 'memsweep-sec-'));
  return startCoordinator({ listen, databaseUrl: `file:${join(dir, 'c.db')}`, logger: silent, security });
}

/** One ListSweeps and one Register through fresh clients; resolves to what came back or the error. */
async function probe(address: string, security: ClientSecurity): Promise<unknown> {
  const sweeps = createSweepClient(address, security);
  const workers = createWorkerClient(address, security);
  try {
    const listed = await unary(sweeps, 'listSweeps', {}, 5000);
    const registered = await unary(workers, 'register', { hostname: 'h', threads: 1, version: 'test', workerId: '' }, 5000);
    return { sweeps: listed.sweeps, registered: registered.workerId.length > 0 };
  } catch (err) {
    return err;
  } finally {
    sweeps.close();
    workers.close();
  }
}

describe('shared worker token', () => {
  let coordinator: RunningCoordinator;
  beforeAll(async () => {
    coordinator = await start({ token: TOKEN });
  });
  afterAll(async () => coordinator?.stop());

  it('refuses a call without the token with UNAUTHENTICATED and a clear message', async () => {
    const err = await probe(coordinator.address, {});
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as Error).message).toMatch(/^missing worker token: .*MEMSWEEP_TOKEN/);
  });

  it('refuses a wrong token (and a malformed header) on both services', async () => {
    const wrong = await probe(coordinator.address, { token: `${TOKEN.slice(0, -1)}x` });
    expect(wrong).toBeInstanceOf(AuthenticationError);
    expect((wrong as Error).message).toMatch(/^invalid worker token/);
    const workers = createWorkerClient(coordinator.address, { token: TOKEN.slice(0, 8) });
    const err = await unary(workers, 'leaseTasks', { workerId: 'w', maxTasks: 1 }, 5000).catch((e) => e);
    workers.close();
    expect(err).toBeInstanceOf(AuthenticationError);

    const raw = new grpc.Client(coordinator.address, grpc.credentials.createInsecure());
    const md = new grpc.Metadata();
    md.set('authorization', TOKEN); // no "Bearer "
    const status = await new Promise<grpc.ServiceError>((resolve) =>
      raw.makeUnaryRequest('/memsweep.v1.SweepService/ListSweeps', (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), md, (e) => resolve(e!)),
    );
    raw.close();
    expect(status.code).toBe(grpc.status.UNAUTHENTICATED);
    expect(status.details).toMatch(/^malformed authorization metadata/);
  });

  it('serves the right token, and keeps serving after refusals', async () => {
    expect(await probe(coordinator.address, { token: TOKEN })).toEqual({ sweeps: [], registered: true });
  });

  it('refuses an unfit token at start', async () => {
    await expect(start({ token: 'short' })).rejects.toThrow(/at least 16 characters/);
    await expect(start({ token: 'has a space in it, long enough' })).rejects.toThrow(/printable ASCII without spaces/);
  });
});

describe('message size limits', () => {
  let coordinator: RunningCoordinator;
  beforeAll(async () => {
    coordinator = await start({});
  });
  afterAll(async () => coordinator?.stop());

  it('refuses a request over MAX_MESSAGE_BYTES with RESOURCE_EXHAUSTED before decoding it, and keeps serving', async () => {
    // A raw client without a send limit, so the server's own limit is what is tested.
    const raw = new grpc.Client(coordinator.address, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': -1 });
    const oversized = Buffer.alloc(MAX_MESSAGE_BYTES + 1024, 0x61);
    const err = await new Promise<grpc.ServiceError>((resolve) =>
      raw.makeUnaryRequest('/memsweep.v1.SweepService/SubmitSweep', (b: Buffer) => b, (b: Buffer) => b, oversized, new grpc.Metadata(), (e) => resolve(e!)),
    );
    raw.close();
    expect(err.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(err.details).toMatch(/larger than/);
    expect(await probe(coordinator.address, {})).toEqual({ sweeps: [], registered: true });
  });
});

describe.skipIf(!HAVE_OPENSSL)('TLS (certificates generated for this run with openssl)', () => {
  let pki: TlsFixtures;
  let tls: RunningCoordinator;
  let mtls: RunningCoordinator;
  beforeAll(async () => {
    pki = generateTlsFixtures();
    tls = await start({ token: TOKEN, tlsCertFile: pki.serverCert, tlsKeyFile: pki.serverKey });
    mtls = await start({ token: TOKEN, tlsCertFile: pki.serverCert, tlsKeyFile: pki.serverKey, tlsCaFile: pki.caCert, requireClientCert: true });
  });
  afterAll(async () => {
    await tls?.stop();
    await mtls?.stop();
  });

  it('serves a client that verifies the server against the CA (by IP and by name)', async () => {
    expect(await probe(tls.address, { token: TOKEN, tlsCaFile: pki.caCert })).toEqual({ sweeps: [], registered: true });
    expect(await probe(`localhost:${tls.port}`, { token: TOKEN, tlsCaFile: pki.caCert })).toEqual({ sweeps: [], registered: true });
  });

  it('still wants the token over TLS', async () => {
    expect(await probe(tls.address, { tlsCaFile: pki.caCert })).toBeInstanceOf(AuthenticationError);
  });

  it('fails a plaintext client and a client that trusts another CA', async () => {
    expect(await probe(tls.address, { token: TOKEN })).toBeInstanceOf(UnavailableError);
    expect(await probe(tls.address, { token: TOKEN, tlsCaFile: pki.otherCaCert })).toBeInstanceOf(UnavailableError);
  });

  it('with client certificates required: refuses a client without one, serves one with a certificate from the CA', async () => {
    expect(await probe(mtls.address, { token: TOKEN, tlsCaFile: pki.caCert })).toBeInstanceOf(UnavailableError);
    expect(await probe(mtls.address, { token: TOKEN, tlsCaFile: pki.caCert, tlsCertFile: pki.clientCert, tlsKeyFile: pki.clientKey })).toEqual({ sweeps: [], registered: true });
  });

  it('names a missing certificate file and refuses half a configuration', async () => {
    await expect(start({ tlsCertFile: join(pki.dir, 'nope.crt'), tlsKeyFile: pki.serverKey })).rejects.toThrow(`cannot read the TLS certificate file ${join(pki.dir, 'nope.crt')}: ENOENT`);
    await expect(start({ tlsCertFile: pki.serverCert })).rejects.toThrow(/both the server certificate and its key/);
    await expect(start({ tlsCertFile: pki.serverCert, tlsKeyFile: pki.serverKey, requireClientCert: true })).rejects.toThrow(/needs the CA file/);
  });
});
