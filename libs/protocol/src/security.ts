import * as grpc from '@grpc/grpc-js';
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Transport security, one place for both ends: TLS credentials and the shared worker token.
 *
 * The token travels as `authorization: Bearer <token>` metadata on every call. grpc-js refuses to attach call
 * credentials to an insecure channel, so the token is added by a client interceptor instead: that works with TLS and,
 * for `memsweep run` on loopback or a trusted network, without it (where the token still keeps stray clients out).
 */

/** The metadata key the token travels under (lower case, as HTTP/2 requires). */
export const AUTHORIZATION_KEY = 'authorization';

/** How a client reaches the coordinator. Every field optional: nothing set means plaintext and no token. */
export interface ClientSecurity {
  /** Shared worker token, sent as `authorization: Bearer <token>`. */
  token?: string;
  /** Use TLS. Implied by any of the TLS files below; alone, the server is verified against the system's CAs. */
  tls?: boolean;
  /** PEM file of the CA(s) that signed the coordinator's certificate. @default the system's root CAs */
  tlsCaFile?: string;
  /** PEM client certificate, for a coordinator that requires one (with tlsKeyFile). */
  tlsCertFile?: string;
  /** PEM private key of tlsCertFile. */
  tlsKeyFile?: string;
  /** Name to verify the coordinator's certificate against, when it differs from the host dialled. */
  tlsServerName?: string;
}

/** How the coordinator protects its port. Nothing set means plaintext and no token. */
export interface ServerSecurity {
  /** Shared worker token every call must present. */
  token?: string;
  /** PEM certificate chain of the server (with tlsKeyFile): enables TLS. */
  tlsCertFile?: string;
  /** PEM private key of tlsCertFile. */
  tlsKeyFile?: string;
  /** PEM CA(s) client certificates are verified against. */
  tlsCaFile?: string;
  /** Refuse clients without a certificate signed by tlsCaFile. @default false */
  requireClientCert?: boolean;
}

function readPem(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`cannot read the ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/**
 * Checks a token before it is used: it goes into an HTTP/2 header, so printable ASCII without spaces, and long enough
 * not to be guessed. Returns the reason it is unfit, or undefined.
 */
export function tokenProblem(token: string): string | undefined {
  if (!/^[\x21-\x7e]+$/.test(token)) return 'the worker token must be printable ASCII without spaces';
  if (token.length < 16) return 'the worker token must be at least 16 characters (e.g. `openssl rand -base64 32`)';
  return undefined;
}

/** Channel credentials for a client: TLS when asked for (server verified; optional client certificate), else plaintext. */
export function clientCredentials(security: ClientSecurity = {}): grpc.ChannelCredentials {
  const tls = security.tls || security.tlsCaFile || security.tlsCertFile || security.tlsKeyFile;
  if (!tls) return grpc.credentials.createInsecure();
  if (!security.tlsCertFile !== !security.tlsKeyFile) throw new Error('a client certificate needs both its certificate and its key file');
  return grpc.credentials.createSsl(
    security.tlsCaFile ? readPem(security.tlsCaFile, 'TLS CA file') : null,
    security.tlsKeyFile ? readPem(security.tlsKeyFile, 'TLS key file') : null,
    security.tlsCertFile ? readPem(security.tlsCertFile, 'TLS certificate file') : null,
  );
}

/** A client interceptor that adds the bearer token to every call's metadata. */
export function bearerTokenInterceptor(token: string): grpc.Interceptor {
  const value = `Bearer ${token}`;
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set(AUTHORIZATION_KEY, value);
        next(metadata, listener);
      },
    });
}

/** Client constructor options: the shared channel options, the token interceptor, the TLS name override. */
export function clientOptions(base: grpc.ChannelOptions, security: ClientSecurity = {}): grpc.ClientOptions {
  const options: grpc.ClientOptions = { ...base };
  if (security.token !== undefined) options.interceptors = [bearerTokenInterceptor(security.token)];
  if (security.tlsServerName) options['grpc.ssl_target_name_override'] = security.tlsServerName;
  return options;
}

/** Server credentials: TLS with the given certificate (optionally verifying client certificates), else plaintext. */
export function serverCredentials(security: ServerSecurity = {}): grpc.ServerCredentials {
  if (!security.tlsCertFile && !security.tlsKeyFile) {
    if (security.requireClientCert || security.tlsCaFile) throw new Error('client certificates need TLS: give the server certificate and key too');
    return grpc.ServerCredentials.createInsecure();
  }
  if (!security.tlsCertFile || !security.tlsKeyFile) throw new Error('TLS needs both the server certificate and its key file');
  if (security.requireClientCert && !security.tlsCaFile) throw new Error('requiring client certificates needs the CA file to verify them against');
  return grpc.ServerCredentials.createSsl(
    security.tlsCaFile ? readPem(security.tlsCaFile, 'TLS CA file') : null,
    [{ cert_chain: readPem(security.tlsCertFile, 'TLS certificate file'), private_key: readPem(security.tlsKeyFile, 'TLS key file') }],
    security.requireClientCert ?? false,
  );
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Checks the `authorization` metadata of a call against the token. Both sides are hashed to equal-length digests and
 * compared with timingSafeEqual, so the time taken says nothing about how much of a guess was right.
 * Returns undefined when the call may proceed, else the message for UNAUTHENTICATED.
 */
export function checkBearerToken(metadata: grpc.Metadata, expected: Buffer): string | undefined {
  const values = metadata.get(AUTHORIZATION_KEY);
  if (values.length === 0) return 'missing worker token: this coordinator requires `authorization: Bearer <token>` metadata (set MEMSWEEP_TOKEN or --token-file)';
  const value = values.length === 1 && typeof values[0] === 'string' ? values[0] : '';
  const match = /^Bearer (\S+)$/.exec(value);
  if (!match) return 'malformed authorization metadata: expected `Bearer <token>`';
  if (!timingSafeEqual(digest(match[1]), expected)) return 'invalid worker token: it does not match the coordinator\'s';
  return undefined;
}

/**
 * A server interceptor that refuses every call without the right bearer token with UNAUTHENTICATED, before the
 * request is read or any handler runs.
 */
export function bearerTokenServerInterceptor(token: string, onRejected: (reason: string, peer: string, method: string) => void = () => {}): grpc.ServerInterceptor {
  const expected = digest(token);
  return (method, call) =>
    new grpc.ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, nextMetadata) {
            const problem = checkBearerToken(metadata, expected);
            if (problem === undefined) return nextMetadata(metadata);
            onRejected(problem, call.getPeer(), method.path);
            call.sendStatus({ code: grpc.status.UNAUTHENTICATED, details: problem, metadata: new grpc.Metadata() });
          },
        });
      },
    });
}
