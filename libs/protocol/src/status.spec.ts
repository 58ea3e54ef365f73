import { status } from '@grpc/grpc-js';
import { AuthenticationError, ConfigError, LeaseLostError, NotFoundError, SweepError, UnavailableError } from '@memsweep/sweep';
import { describe, expect, it } from 'vitest';
import { fromServiceError, toServiceError } from './status.js';

describe('error ⇄ status mapping', () => {
  it.each([
    [new ConfigError(['a: is required', 'b: must be a number']), status.INVALID_ARGUMENT, ConfigError],
    [new NotFoundError('no sweep'), status.NOT_FOUND, NotFoundError],
    [new LeaseLostError('lease lost'), status.FAILED_PRECONDITION, LeaseLostError],
    [new AuthenticationError('bad token'), status.UNAUTHENTICATED, AuthenticationError],
    [new UnavailableError('restarting'), status.UNAVAILABLE, UnavailableError],
  ])('maps %s to its status and back', (err, code, back) => {
    const mapped = toServiceError(err);
    expect(mapped.code).toBe(code);
    expect(mapped.details).toBe(err.message);
    const restored = fromServiceError(mapped);
    expect(restored).toBeInstanceOf(back);
    expect(restored.message).toBe(err.message);
  });

  it('never leaks an unexpected error to the peer', () => {
    const mapped = toServiceError(new TypeError('secret path /home/x at line 3'));
    expect(mapped).toMatchObject({ code: status.INTERNAL, details: 'internal error' });
  });

  it('treats transient transport codes as retryable and keeps the rest final', () => {
    expect(fromServiceError({ code: status.DEADLINE_EXCEEDED, details: 'slow' }).retryable).toBe(true);
    const internal = fromServiceError({ code: status.INTERNAL, details: 'internal error' });
    expect(internal).toBeInstanceOf(SweepError);
    expect(internal.retryable).toBe(false);
  });
});
