import { readFileSync } from 'node:fs';
import { tokenProblem, type ClientSecurity, type ServerSecurity } from '@memsweep/protocol';
import { CliError, EXIT_INVALID_INPUT } from '../fail.js';

/** The security flags of `coordinator`, `worker` and `submit` as commander parses them (env vars already applied). */
export interface SecurityFlags {
  tokenFile?: string;
  tls?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  tlsServerName?: string;
  requireClientCert?: boolean;
}

/**
 * The worker token: the contents of --token-file (or $MEMSWEEP_TOKEN_FILE), else $MEMSWEEP_TOKEN, else none. Never a
 * command-line value: argv is visible to every user of the machine (`ps`).
 */
export function resolveToken(flags: SecurityFlags, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let token: string | undefined;
  if (flags.tokenFile) {
    try {
      token = readFileSync(flags.tokenFile, 'utf8').trim();
    } catch (err) {
      throw new CliError(`cannot read the token file ${flags.tokenFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, EXIT_INVALID_INPUT);
    }
  } else if (env.MEMSWEEP_TOKEN !== undefined && env.MEMSWEEP_TOKEN !== '') {
    token = env.MEMSWEEP_TOKEN.trim();
  }
  if (token === undefined) return undefined;
  const problem = tokenProblem(token);
  if (problem) throw new CliError(`${flags.tokenFile ? `token file ${flags.tokenFile}` : 'MEMSWEEP_TOKEN'}: ${problem}`, EXIT_INVALID_INPUT);
  return token;
}

/** `memsweep worker` / `submit`: how to reach the coordinator. */
export function clientSecurity(flags: SecurityFlags): ClientSecurity {
  if (!flags.tlsCert !== !flags.tlsKey) throw new CliError('--tls-cert and --tls-key (a client certificate) go together', EXIT_INVALID_INPUT);
  return { token: resolveToken(flags), tls: flags.tls, tlsCaFile: flags.tlsCa, tlsCertFile: flags.tlsCert, tlsKeyFile: flags.tlsKey, tlsServerName: flags.tlsServerName };
}

/** `memsweep coordinator`: how to protect the port. */
export function serverSecurity(flags: SecurityFlags): ServerSecurity {
  if (!flags.tlsCert !== !flags.tlsKey) throw new CliError('--tls-cert and --tls-key (the server certificate) go together', EXIT_INVALID_INPUT);
  if (flags.requireClientCert && !flags.tlsCa) throw new CliError('--require-client-cert needs --tls-ca (the CA that signs client certificates)', EXIT_INVALID_INPUT);
  if (flags.tlsCa && !flags.tlsCert) throw new CliError('--tls-ca on the coordinator verifies client certificates, which needs TLS: give --tls-cert and --tls-key', EXIT_INVALID_INPUT);
  return { token: resolveToken(flags), tlsCertFile: flags.tlsCert, tlsKeyFile: flags.tlsKey, tlsCaFile: flags.tlsCa, requireClientCert: flags.requireClientCert };
}

/**
 * Environment for child worker processes of `memsweep run`: the run's own token (passed by env, not argv) and none of
 * the caller's TLS settings (the local coordinator is plaintext on loopback).
 */
export function localWorkerEnv(token: string): Record<string, string | undefined> {
  return { MEMSWEEP_TOKEN: token, MEMSWEEP_TOKEN_FILE: undefined, MEMSWEEP_TLS: undefined, MEMSWEEP_TLS_CA: undefined, MEMSWEEP_TLS_CERT: undefined, MEMSWEEP_TLS_KEY: undefined, MEMSWEEP_TLS_SERVER_NAME: undefined };
}
