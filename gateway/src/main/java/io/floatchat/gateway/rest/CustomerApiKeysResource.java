package io.floatchat.gateway.rest;

import io.floatchat.common.api.ApiResponse;
import io.floatchat.common.error.ApiException;
import io.floatchat.gateway.ApiKey;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * A customer's own key management with a {@code keys:manage} key. {@link GatewayRouteFilter} has
 * checked the key, its customer and its scope; the customer id used is the key's own, and the key
 * hands out no more than it has (KeyDelegation).
 */
@Path("/bot-api/v1.0/customer/{customerId}/api-keys")
public class CustomerApiKeysResource {

    private final ApiKeyOperations keys;

    public CustomerApiKeysResource(ApiKeyOperations keys) {
        this.keys = keys;
    }

    @POST
    public Uni<Response> create(RoutingContext context, @Valid @NotNull CreateApiKeyRequest body) {
        ApiKey caller = caller(context);
        return keys.create(caller.customerId(), body, caller);
    }

    @GET
    public Uni<ApiResponse<ApiKeyOperations.ApiKeyList>> list(RoutingContext context) {
        return keys.list(caller(context).customerId());
    }

    @POST
    @Path("/{keyId}/regenerate")
    public Uni<ApiResponse<ApiKeyView>> regenerate(RoutingContext context, @PathParam("keyId") @Size(max = 32) String keyId,
                                                   @Valid RegenerateRequest body) {
        ApiKey caller = caller(context);
        return keys.regenerate(caller.customerId(), keyId, body, caller);
    }

    @DELETE
    @Path("/{keyId}")
    public Uni<ApiResponse<ApiKeyView>> revoke(RoutingContext context, @PathParam("keyId") @Size(max = 32) String keyId) {
        ApiKey caller = caller(context);
        return keys.revoke(caller.customerId(), keyId, caller);
    }

    /** The key that asks: its customer is the one managed, and it bounds what it may hand out. */
    private static ApiKey caller(RoutingContext context) {
        ApiKey key = GatewayRouteFilter.authenticatedKey(context);
        if (key == null) {
            throw ApiException.invalidBotOrCustomer();
        }
        return key;
    }
}
