package io.floatchat.testing;

import io.floatchat.common.events.TenantEvent;
import io.floatchat.common.events.Topics;

import java.util.UUID;

/**
 * Announces bots on {@code floatchat.tenants.v1} as the gateway does when it creates them, so a
 * service under test applies the bot's events from outside producers (and refuses any other's).
 */
public final class TestTenants {

    private TestTenants() {
    }

    /** The bot is the customer's from now on (the send is acknowledged before this returns). */
    public static void register(long customerId, String botKey) {
        TestKafka.send(Topics.TENANTS, botKey, "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + TenantEvent.BOT_CREATED
                + "\",\"customerId\":" + customerId + ",\"botKey\":\"" + botKey + "\",\"occurredAt\":" + System.currentTimeMillis()
                + "}");
    }
}
