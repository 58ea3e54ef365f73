import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Store } from '@memsweep/store';
import type { Logger } from 'pino';
import type { WorkerRegistry } from '../worker-registry.js';
import { DashboardApi } from './dashboard-api.js';
import { HttpError } from './http-error.js';
import { resolveStaticFile } from './static-files.js';

export interface DashboardOptions {
  /** host:port to listen on; port 0 picks a free port. */
  listen: string;
  store: Store;
  registry: WorkerRegistry;
  logger: Logger;
  /** The built page (Vite output). @default dist/dashboard/www next to this module */
  staticDir?: string;
}

export interface RunningDashboard {
  port: number;
  /** http://host:port/ */
  url: string;
  stop(): Promise<void>;
}

/**
 * The page's policy: scripts and styles from this origin only (vega-embed and its tooltip insert <style> elements, hence
 * 'unsafe-inline' for styles, never for scripts), data from this origin only, never framed. Vega runs with its expression
 * interpreter, so no 'unsafe-eval' is needed.
 */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/** Where the coordinator's build puts the page: dist/dashboard/www (from dist/dashboard or, in tests, src/dashboard). */
export function defaultStaticDir(): string {
  const built = fileURLToPath(new URL('./www/', import.meta.url));
  if (existsSync(built)) return built;
  return fileURLToPath(new URL('../../dist/dashboard/www/', import.meta.url));
}

/** Splits host:port (IPv6 hosts in brackets), the same form as the gRPC --listen. */
export function parseListen(listen: string): { host: string; port: number } {
  const at = listen.lastIndexOf(':');
  const host = listen.slice(0, at).replace(/^\[(.*)\]$/, '$1');
  const portText = listen.slice(at + 1);
  const port = Number(portText);
  if (at <= 0 || !/^\d+$/.test(portText) || port > 65535) throw new Error(`dashboard address must be host:port, not "${listen}"`);
  return { host, port };
}

const LOOPBACK_NAMES = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|::1)$/i;

/**
 * Whether a request's Host header is acceptable. A dashboard on loopback answers only to loopback names: a web page on
 * another site that rebinds its own name to 127.0.0.1 (DNS rebinding) sends that name as Host and is refused, so it
 * cannot read the results through a local user's browser. On other addresses the network is trusted, and any name is.
 */
export function hostAllowed(listenHost: string, hostHeader: string | undefined): boolean {
  if (!LOOPBACK_NAMES.test(listenHost)) return true;
  if (!hostHeader) return false;
  const name = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.replace(/:\d*$/, '');
  return LOOPBACK_NAMES.test(name);
}

/** Starts the read-only dashboard: GET /api/… (JSON) and the built page. */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const { host, port } = parseListen(options.listen);
  const api = new DashboardApi(options.store, options.registry);
  const staticDir = options.staticDir ?? defaultStaticDir();
  const log = options.logger;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err }, 'dashboard request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(res, 405, { error: 'the dashboard is read-only: only GET and HEAD are served' });
    }
    if (!hostAllowed(host, req.headers.host)) return sendJson(res, 403, { error: 'this dashboard answers only to loopback host names (localhost, 127.0.0.1)' });
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    } catch {
      return sendJson(res, 400, { error: 'malformed request target' });
    }
    if (url.pathname.startsWith('/api/')) {
      try {
        return sendJson(res, 200, await api.handle(url.pathname.slice('/api/'.length), url.searchParams));
      } catch (err) {
        if (err instanceof HttpError) return sendJson(res, err.status, { error: err.message });
        throw err;
      }
    }
    const file = await resolveStaticFile(staticDir, url.pathname);
    if (!file) {
      const missing = url.pathname === '/' && !existsSync(staticDir);
      return sendJson(res, missing ? 503 : 404, { error: missing ? 'the dashboard page is not built (npx nx build @memsweep/coordinator)' : 'not found' });
    }
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'content-security-policy': PAGE_CSP,
      'content-type': file.contentType,
      'content-length': file.size,
      // Vite's assets carry a content hash in their names; index.html must be re-read to pick up a new build.
      'cache-control': url.pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    file.open().pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${bound}/`;
  log.info({ url }, 'dashboard listening');
  return {
    port: bound,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_key, value) => (typeof value === 'number' && !Number.isFinite(value) ? null : value));
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-security-policy': API_CSP,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}
