package io.floatchat.common.work;

/**
 * How a statement over claimed work rows (broadcast recipients, flow runs) locks them: first, in id
 * order, in a CTE the statement then updates through. Claiming, renewing a lease, recording an outcome
 * and handing work back all touch the same rows, often at once — a lane renews every claim it holds
 * while its sends' outcomes are recorded — and two statements that lock overlapping rows in their own
 * join order deadlock (measured in broadcast-service with two replicas: every few seconds, and a failed
 * renewal let claims still waiting in a lane run out). Locked in one order, they wait for each other.
 * After a wait PostgreSQL re-checks {@code where} on the row's newest version, so a claim that changed
 * meanwhile (recorded, taken over) drops out.
 */
public final class ClaimLocks {

    private ClaimLocks() {
    }

    /**
     * {@code SELECT r.id FROM <table> r, <from> WHERE <where> ORDER BY r.id FOR UPDATE OF r}: the ids of
     * the rows of {@code table} (aliased {@code r}), joined to {@code from} (or null: nothing), that
     * {@code where} selects, locked in id order.
     * {@code skipLocked}: rows another statement holds are left out — only where a later round looks again.
     */
    public static String inIdOrder(String table, String from, String where, boolean skipLocked) {
        return "SELECT r.id FROM " + table + " r" + (from == null ? "" : ", " + from) + " WHERE " + where + " ORDER BY r.id FOR UPDATE OF r"
                + (skipLocked ? " SKIP LOCKED" : "");
    }
}
