import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { AuthenticationError, ConfigError, LeaseLostError, NotFoundError, SweepError, UnavailableError } from '@memsweep/sweep';

/**
 * Status codes after which a client should retry with backoff (the request may succeed later). Not
 * RESOURCE_EXHAUSTED: the coordinator applies no quotas, so it only means a message over the size limit, and the same
 * message would be refused again.
 */
export const RETRYABLE_CODES: ReadonlySet<status> = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.ABORTED]);

/** Maps a domain error to a gRPC status at the server's edge. Unknown errors never leak their message or stack. */
export function toServiceError(err: unknown): Partial<ServiceError> {
  const make = (code: status, details: string): Partial<ServiceError> => ({ code, details, metadata: new Metadata() });
  if (err instanceof ConfigError) return make(status.INVALID_ARGUMENT, err.message);
  if (err instanceof NotFoundError) return make(status.NOT_FOUND, err.message);
  if (err instanceof LeaseLostError) return make(status.FAILED_PRECONDITION, err.message);
  if (err instanceof AuthenticationError) return make(status.UNAUTHENTICATED, err.message);
  if (err instanceof UnavailableError) return make(status.UNAVAILABLE, err.message);
  return make(status.INTERNAL, 'internal error');
}

/** Maps a gRPC error received by a client back to a domain error with a readable message. */
export function fromServiceError(err: unknown): SweepError {
  const e = err as Partial<ServiceError>;
  const details = e.details || e.message || 'unknown error';
  switch (e.code) {
    case status.INVALID_ARGUMENT:
      return new ConfigError(details.split('\n'));
    case status.NOT_FOUND:
      return new NotFoundError(details);
    case status.FAILED_PRECONDITION:
      return new LeaseLostError(details);
    case status.UNAUTHENTICATED:
      return new AuthenticationError(details);
    case undefined:
      return new SweepError(details);
    default:
      return RETRYABLE_CODES.has(e.code) ? new UnavailableError(details) : new SweepError(details);
  }
}
