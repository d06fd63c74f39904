package io.floatchat.gateway.routing;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest {

    private final RouteTable routes = RouteTable.publicApi();

    @Test
    void matchesMethodAndPathAndExtractsTheTenant() {
        Route.Match match = routes.match("GET", "/bot-api/v1.0/customer/10001/bot/abc/channel-user/9198/conversations");
        assertThat(match.route().upstream()).isEqualTo(Upstream.CONVERSATIONS);
        assertThat(match.route().scope()).isEqualTo("conversations:read");
        assertThat(match.parameters()).isEqualTo(Map.of("customerId", "10001", "botKey", "abc", "userId", "9198"));
    }

    @Test
    void theSamePathWithAnotherMethodIsAnotherRoute() {
        assertThat(routes.match("GET", "/bot-api/v1.0/customer/1/bot/b/broadcasts/x").route().scope()).isEqualTo("broadcasts:read");
        assertThat(routes.match("DELETE", "/bot-api/v1.0/customer/1/bot/b/broadcasts/x").route().scope()).isEqualTo("broadcasts:write");
        assertThat(routes.match("POST", "/bot-api/v1.0/customer/1/bot/b/users")).isNull();
    }

    @Test
    void webhooksNeedNoKeyAndUploadsGetTheLargerLimit() {
        assertThat(routes.match("POST", "/webhooks/whatsapp/b").route().authenticated()).isFalse();
        assertThat(routes.match("POST", "/whatsapp-api/v1.0/customer/1/bot/b/external/broadcast").route().upload()).isTrue();
    }

    @Test
    void emptySegmentsExtraSegmentsAndTrailingSlashes() {
        assertThat(routes.match("GET", "/bot-api/v1.0/customer//bot/b/users")).isNull();
        assertThat(routes.match("GET", "/bot-api/v1.0/customer/1/bot/b/users/extra")).isNull();
        assertThat(routes.match("GET", "/bot-api/v1.0/customer/1/bot/b/users/")).isNotNull();
        assertThat(routes.match("GET", "")).isNull();
    }
}
