/**
 * The project's error hierarchy. Each error knows whether retrying can help; transports map them to their own status
 * codes at the edge (protocol/status.ts), never leaking stacks to a peer or a user.
 */
export class SweepError extends Error {
  override name = 'SweepError';
  /** Whether the same operation may succeed if retried later. */
  readonly retryable: boolean = false;
}

/** A sweep file or request that breaks the schema. The message names the field and the rule. */
export class ConfigError extends SweepError {
  override name = 'ConfigError';
  constructor(readonly issues: string[]) {
    super(issues.join('\n'));
  }
}

/** Something asked for does not exist (a sweep, an artifact). */
export class NotFoundError extends SweepError {
  override name = 'NotFoundError';
}

/** The caller no longer holds the lease it acts on. */
export class LeaseLostError extends SweepError {
  override name = 'LeaseLostError';
}

/** A peer presented no or wrong credentials. */
export class AuthenticationError extends SweepError {
  override name = 'AuthenticationError';
}

/** A transient failure (connection lost, server restarting): retry with backoff. */
export class UnavailableError extends SweepError {
  override name = 'UnavailableError';
  override readonly retryable = true;
}
