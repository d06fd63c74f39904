package io.floatchat.common.tenancy;

/** The customer and bot an event names. */
public record TenantRef(long customerId, String botKey) {
}
