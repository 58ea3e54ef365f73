/** Every error the store throws on purpose; anything else is a bug or a driver failure. */
export class StoreError extends Error {
  override name = 'StoreError';
}

/** The database URL names a scheme the store cannot open. */
export class UnsupportedDatabaseUrlError extends StoreError {
  override name = 'UnsupportedDatabaseUrlError';
}

/**
 * The database and this code disagree about migrations: the database holds a migration this code does not know (it was
 * migrated by a newer memsweep), a known migration's SQL changed after it was applied, or a migration failed half-way.
 * Never "fixed" automatically: running old code against a newer schema corrupts data silently.
 */
export class MigrationError extends StoreError {
  override name = 'MigrationError';
}
