/**
 * Leases in the store: a named job runs in at most one place at a time. A lease expires on its own,
 * so a replica that dies mid-run blocks the job only until `expires_at`.
 */
import type { Db } from "./ports.js";

/** Takes the lease if free, expired or already ours; returns whether we hold it now. */
export async function acquireLease(
  db: Db,
  name: string,
  holder: string,
  ttlMs: number,
  nowMs: number,
): Promise<boolean> {
  const r = await db
    .insertInto("job_leases")
    .values({ name, holder, expires_at: nowMs + ttlMs })
    .onConflict((oc) =>
      oc
        .column("name")
        .doUpdateSet({ holder, expires_at: nowMs + ttlMs })
        .where((eb) => eb.or([eb("job_leases.expires_at", "<=", nowMs), eb("job_leases.holder", "=", holder)])),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.deleteFrom("job_leases").where("name", "=", name).where("holder", "=", holder).execute();
}
