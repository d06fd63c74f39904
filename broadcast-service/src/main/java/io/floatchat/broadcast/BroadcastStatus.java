package io.floatchat.broadcast;

public enum BroadcastStatus {
    SCHEDULED, RUNNING, COMPLETED, CANCELLED;

    public boolean isFinished() {
        return this == COMPLETED || this == CANCELLED;
    }
}
