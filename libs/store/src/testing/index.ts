/** Test kit of @memsweep/store: a throwaway PostgreSQL server and hand-built plans. Not for production code. */
export { findPostgresBinaries, postgresSkipReason, startTestPostgres, type PostgresBinaries, type TestPostgres } from './postgres.js';
export { buildTestPlan, type TestPlanOptions } from './plan-fixture.js';
export { completeWithSyntheticTrials, type SyntheticOutcome } from './synthetic-results.js';
