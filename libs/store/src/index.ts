/**
 * @memsweep/store: the results database (SQLite or PostgreSQL through Prisma's driver adapters) — the only project that
 * touches Prisma. Test helpers (a throwaway PostgreSQL server, plan fixtures) are in '@memsweep/store/testing'.
 */
export { openStore, type OpenStoreOptions, type Store } from './store.js';
export { DEFAULT_DATABASE_URL, redact, resolveDatabaseTarget, type DatabaseTarget, type Dialect } from './database-url.js';
export { DEFAULT_BACKOFF, retryDelayMs, type BackoffOptions } from './context.js';
export { MigrationError, StoreError, UnsupportedDatabaseUrlError } from './errors.js';
export { DEFAULT_MIGRATIONS_ROOT, readMigrations, type Migration } from './migrate.js';
export type { InsertPlanOptions } from './operations/insert-plan.js';
export { RESULTS_VIEWS, type ResultsViewName, type ResultsViewRow } from './operations/results-views.js';
export type * from './types.js';
