package io.floatchat.gateway.rest;

import io.floatchat.common.api.ApiResponse;
import io.floatchat.gateway.ApiKey;
import io.floatchat.gateway.security.ApiKeyAuthenticator;
import io.floatchat.gateway.service.ApiKeyService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The key operations behind both doors: the operator's {@code /admin/v1/customers/{id}/api-keys}
 * ({@code caller} null) and a customer's own {@code /bot-api/v1.0/customer/{id}/api-keys}, where the
 * caller is the {@code keys:manage} key that asks and bounds what it may hand out.
 */
@ApplicationScoped
public class ApiKeyOperations {

    private final ApiKeyService service;
    private final ApiKeyAuthenticator authenticator;

    public ApiKeyOperations(ApiKeyService service, ApiKeyAuthenticator authenticator) {
        this.service = service;
        this.authenticator = authenticator;
    }

    Uni<Response> create(long customerId, CreateApiKeyRequest body, ApiKey caller) {
        return service.create(customerId, body.toNewApiKey(), caller)
                .map(issued -> Response.status(Response.Status.CREATED)
                        .entity(ApiResponse.success(ApiKeyView.issued(issued.key(), issued.apiKey(), null)))
                        .build());
    }

    Uni<ApiResponse<ApiKeyList>> list(long customerId) {
        return service.list(customerId).map(keys -> ApiResponse.success(new ApiKeyList(
                keys.stream().map(key -> ApiKeyView.of(key, lastUsed(key))).toList())));
    }

    Uni<ApiResponse<ApiKeyView>> regenerate(long customerId, String keyId, RegenerateRequest body, ApiKey caller) {
        long grace = body == null || body.graceSeconds() == null ? 0 : body.graceSeconds();
        return service.regenerate(customerId, keyId, Duration.ofSeconds(grace), caller)
                .map(issued -> ApiResponse.success(ApiKeyView.issued(issued.key(), issued.apiKey(), lastUsed(issued.key()))));
    }

    Uni<ApiResponse<ApiKeyView>> revoke(long customerId, String keyId, ApiKey caller) {
        return service.revoke(customerId, keyId, caller).map(key -> ApiResponse.success(ApiKeyView.of(key, lastUsed(key))));
    }

    /** The later of the stored time and this replica's not yet written one. */
    private Instant lastUsed(ApiKey key) {
        Instant recent = authenticator.lastUseOf(key.id());
        if (recent == null) {
            return key.lastUsedAt();
        }
        return key.lastUsedAt() == null || recent.isAfter(key.lastUsedAt()) ? recent : key.lastUsedAt();
    }

    /** {@code {"apiKeys":[...]}}. */
    public record ApiKeyList(List<ApiKeyView> apiKeys) {
    }
}
