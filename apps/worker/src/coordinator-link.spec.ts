import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerTokenServerInterceptor, CHANNEL_OPTIONS, loadProto, type WorkerServiceHandlers } from '@memsweep/protocol';
import { AuthenticationError } from '@memsweep/sweep';
import { CoordinatorLink } from './coordinator-link.js';

const TOKEN = 'link-token-0123456789abcdef';

/** A WorkerService on loopback that only answers Register, behind the real token interceptor. */
describe('CoordinatorLink and the worker token', () => {
  let server: grpc.Server;
  let address = '';
  let registered = 0;

  beforeAll(async () => {
    server = new grpc.Server({ ...CHANNEL_OPTIONS, interceptors: [bearerTokenServerInterceptor(TOKEN)] });
    const unimplemented = (_call: unknown, cb: grpc.sendUnaryData<never>) => cb({ code: grpc.status.UNIMPLEMENTED });
    const handlers = new Proxy({} as WorkerServiceHandlers, {
      get: (_target, name) =>
        name === 'Register'
          ? (call: grpc.ServerUnaryCall<{ workerId: string }, unknown>, cb: grpc.sendUnaryData<unknown>) => {
              registered++;
              cb(null, { workerId: call.request.workerId || 'w-1', leaseMs: 3000, heartbeatMs: 1000 });
            }
          : unimplemented,
    });
    server.addService(loadProto().memsweep.v1.WorkerService.service, handlers);
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    address = `127.0.0.1:${port}`;
  });
  afterAll(() => server?.forceShutdown());

  const register = async (token?: string) => {
    const retries: string[] = [];
    const link = new CoordinatorLink(address, new AbortController().signal, (what) => retries.push(what), token === undefined ? {} : { token });
    try {
      return { result: await link.register({ hostname: 'h', threads: 1, version: 'test', workerId: '' }).catch((e: unknown) => e), retries };
    } finally {
      link.close();
    }
  };

  it('a worker without the token gets UNAUTHENTICATED at once, without retrying', async () => {
    const { result, retries } = await register();
    expect(result).toBeInstanceOf(AuthenticationError);
    expect((result as Error).message).toMatch(/^missing worker token/);
    expect(retries).toEqual([]);
  });

  it('a worker with a wrong token likewise', async () => {
    const { result, retries } = await register('wrong-token-0123456789abcdef');
    expect(result).toBeInstanceOf(AuthenticationError);
    expect((result as Error).message).toMatch(/^invalid worker token/);
    expect(retries).toEqual([]);
    expect(registered).toBe(0); // refused before any handler ran
  });

  it('a worker with the token registers', async () => {
    const { result } = await register(TOKEN);
    expect(result).toMatchObject({ workerId: 'w-1', leaseMs: 3000 });
    expect(registered).toBe(1);
  });
});
