package io.floatchat.common.messaging;

/** An event that can never be applied (malformed, out of bounds, another tenant's): skip it, say why. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String reason) {
        super(reason, null, false, false);
    }
}
