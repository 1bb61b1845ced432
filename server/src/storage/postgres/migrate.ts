import type pg from 'pg'
import { migrations, migrationsTable, POSTGRES } from '../migrations.ts'
import { inTransaction, withClient } from './db.ts'

/**
 * Applies the migrations the schema has not had yet, each in its own
 * transaction, under an advisory lock so several instances starting at once
 * migrate one after another.
 */
export async function migrate(pool: pg.Pool, schema: string | undefined, onError: (err: Error) => void): Promise<void> {
  // Advisory locks are per database; keying by schema lets test runs in their own schemas proceed in parallel.
  const lockKey = `vaegavis:migrate:${schema ?? ''}`
  await withClient(pool, onError, async (client, broken) => {
    // Session-level lock: several instances starting at once migrate one after another.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey])
    try {
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
      await client.query(migrationsTable(POSTGRES))
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations')
      const done = new Set(rows.map((r) => r.version))
      for (const m of migrations(POSTGRES)) {
        if (done.has(m.version)) continue
        await inTransaction(client, broken, async () => {
          await client.query(m.sql)
          await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
            m.version,
            Date.now(),
          ])
        }).catch((e: unknown) => {
          throw new Error(`Postgres migration ${m.version} (${m.name}) failed`, { cause: e })
        })
      }
    } finally {
      // On failure the connection is destroyed, which releases the lock too.
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(broken)
    }
  })
}
