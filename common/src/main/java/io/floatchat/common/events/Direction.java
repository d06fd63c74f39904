package io.floatchat.common.events;

public enum Direction {
    INBOUND,
    OUTBOUND
}
