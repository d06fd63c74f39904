package io.floatchat.common.outbound;

/**
 * The outbound guard refused a destination. The reason says what kind of URL or address it was,
 * never the address a name resolved to (that would map a tenant's view of the internal network).
 * Expected control flow: no stack trace.
 */
public class OutboundRefusedException extends RuntimeException {

    public OutboundRefusedException(String reason) {
        super(reason, null, false, false);
    }
}
