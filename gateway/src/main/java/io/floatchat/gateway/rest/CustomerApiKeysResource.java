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
 * checked the key, its customer and its scope; the customer id used is the key's own.
 */
@Path("/bot-api/v1.0/customer/{customerId}/api-keys")
public class CustomerApiKeysResource {

    private final ApiKeyOperations keys;

    public CustomerApiKeysResource(ApiKeyOperations keys) {
        this.keys = keys;
    }

    @POST
    public Uni<Response> create(RoutingContext context, @Valid @NotNull CreateApiKeyRequest body) {
        return keys.create(caller(context), body);
    }

    @GET
    public Uni<ApiResponse<ApiKeyOperations.ApiKeyList>> list(RoutingContext context) {
        return keys.list(caller(context));
    }

    @POST
    @Path("/{keyId}/regenerate")
    public Uni<ApiResponse<ApiKeyView>> regenerate(RoutingContext context, @PathParam("keyId") @Size(max = 32) String keyId,
                                                   @Valid RegenerateRequest body) {
        return keys.regenerate(caller(context), keyId, body);
    }

    @DELETE
    @Path("/{keyId}")
    public Uni<ApiResponse<ApiKeyView>> revoke(RoutingContext context, @PathParam("keyId") @Size(max = 32) String keyId) {
        return keys.revoke(caller(context), keyId);
    }

    private static long caller(RoutingContext context) {
        ApiKey key = GatewayRouteFilter.authenticatedKey(context);
        if (key == null) {
            throw ApiException.invalidBotOrCustomer();
        }
        return key.customerId();
    }
}
