package io.floatchat.gateway.rest;

import io.floatchat.common.api.ApiResponse;
import io.floatchat.gateway.service.TenantService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** The operator API: customers, bots and every customer's keys ({@link AdminTokenFilter} guards it). */
@Path("/admin/v1/customers")
public class AdminResource {

    private final TenantService tenants;
    private final ApiKeyOperations keys;

    public AdminResource(TenantService tenants, ApiKeyOperations keys) {
        this.tenants = tenants;
        this.keys = keys;
    }

    @POST
    public Uni<Response> createCustomer(@Valid @NotNull NameRequest body) {
        return tenants.createCustomer(body.name())
                .map(id -> created(new CustomerCreated(id, body.name())));
    }

    @POST
    @Path("/{customerId}/bots")
    public Uni<Response> createBot(@PathParam("customerId") long customerId, @Valid @NotNull NameRequest body) {
        return tenants.createBot(customerId, body.name())
                .map(botKey -> created(new BotCreated(botKey, customerId, body.name())));
    }

    @DELETE
    @Path("/{customerId}/bots/{botKey}")
    public Uni<Response> deleteBot(@PathParam("customerId") long customerId,
                                   @PathParam("botKey") @Size(max = 64) String botKey) {
        return tenants.deleteBot(customerId, botKey).replaceWith(() -> Response.noContent().build());
    }

    @POST
    @Path("/{customerId}/api-keys")
    public Uni<Response> createKey(@PathParam("customerId") long customerId, @Valid @NotNull CreateApiKeyRequest body) {
        return keys.create(customerId, body, null);
    }

    @GET
    @Path("/{customerId}/api-keys")
    public Uni<ApiResponse<ApiKeyOperations.ApiKeyList>> listKeys(@PathParam("customerId") long customerId) {
        return keys.list(customerId);
    }

    @POST
    @Path("/{customerId}/api-keys/{keyId}/regenerate")
    public Uni<ApiResponse<ApiKeyView>> regenerateKey(@PathParam("customerId") long customerId,
                                                      @PathParam("keyId") @Size(max = 32) String keyId,
                                                      @Valid RegenerateRequest body) {
        return keys.regenerate(customerId, keyId, body, null);
    }

    @DELETE
    @Path("/{customerId}/api-keys/{keyId}")
    public Uni<ApiResponse<ApiKeyView>> revokeKey(@PathParam("customerId") long customerId,
                                                  @PathParam("keyId") @Size(max = 32) String keyId) {
        return keys.revoke(customerId, keyId, null);
    }

    private static Response created(Object payload) {
        return Response.status(Response.Status.CREATED).entity(ApiResponse.success(payload)).build();
    }

    public record CustomerCreated(long customerId, String name) {
    }

    public record BotCreated(String botKey, long customerId, String name) {
    }
}
