import type Database from 'better-sqlite3'
import { migrations, migrationsTable, SQLITE } from '../migrations.ts'

/** Applies the migrations this file has not had yet, in order, in one transaction. */
export function migrate(db: Database.Database): void {
  db.exec(migrationsTable(SQLITE))
  const applied = db.prepare<[], { version: number }>('SELECT version FROM schema_migrations')
  const record = db.prepare<[number, number], void>('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')
  // IMMEDIATE: another process opening the same file at the same moment waits instead of migrating twice.
  const run = db.transaction(() => {
    const done = new Set(applied.all().map((r) => r.version))
    for (const m of migrations(SQLITE)) {
      if (done.has(m.version)) continue
      db.exec(m.sql)
      record.run(m.version, Date.now())
    }
  })
  run.immediate()
}
