package io.floatchat.gateway.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.ApiKeyEvent;
import io.floatchat.common.messaging.InvalidEventException;
import io.floatchat.gateway.security.ApiKeyAuthenticator;
import io.floatchat.gateway.security.GatewayTokenIssuer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Every replica reads {@code floatchat.apikey-events.v1} with a consumer group of its own and drops
 * what it cached about the key or customer. Applying an event twice is harmless.
 */
@ApplicationScoped
public class ApiKeyEventConsumer {

    private static final Logger LOG = Logger.getLogger(ApiKeyEventConsumer.class);

    private final ObjectMapper objectMapper;
    private final ApiKeyAuthenticator authenticator;
    private final GatewayTokenIssuer tokens;

    public ApiKeyEventConsumer(ObjectMapper objectMapper, ApiKeyAuthenticator authenticator, GatewayTokenIssuer tokens) {
        this.objectMapper = objectMapper;
        this.authenticator = authenticator;
        this.tokens = tokens;
    }

    @Incoming("apikey-events")
    public void onEvent(String json) {
        ApiKeyEvent event;
        try {
            event = ApiKeyEvent.read(objectMapper, json);
        } catch (InvalidEventException e) {
            LOG.warnf("skipping a malformed API key event: %s", e.getMessage());
            return;
        }
        if (event.keyId() != null) {
            authenticator.invalidate(event.keyId());
            tokens.forget(event.keyId());
        } else {
            authenticator.invalidateCustomer(event.customerId());
        }
        LOG.debugf("applied %s for key %s of customer %d", event.type(), event.keyId(), event.customerId());
    }
}
