import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { toServiceError } from '@memsweep/protocol';
import { SweepError } from '@memsweep/sweep';
import type { Logger } from 'pino';

/**
 * Adapts an async function to a grpc-js unary handler. Domain errors become their status; anything else is logged
 * here with its stack and reaches the peer only as INTERNAL "internal error".
 */
export function unaryHandler<Req, Res>(log: Logger, name: string, fn: (request: Req) => Promise<Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    fn(call.request).then(
      (response) => callback(null, response),
      (err: unknown) => {
        if (!(err instanceof SweepError)) log.error({ err, rpc: name }, 'request failed');
        callback(toServiceError(err));
      },
    );
  };
}
