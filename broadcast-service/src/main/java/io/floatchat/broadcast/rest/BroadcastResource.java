package io.floatchat.broadcast.rest;

import io.floatchat.broadcast.BroadcastDraft;
import io.floatchat.broadcast.BroadcastStatus;
import io.floatchat.broadcast.RecipientStatus;
import io.floatchat.broadcast.service.BroadcastService;
import io.floatchat.broadcast.service.BroadcastView;
import io.floatchat.common.api.ApiResponse;
import io.floatchat.common.api.PageRequest;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.idempotency.IdempotencyKeys;
import io.floatchat.common.idempotency.IdempotencyKeys.KeyedRequest;
import io.floatchat.common.security.JwtClaims;
import io.floatchat.common.security.Scopes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** The Broadcast API. The path's customer and bot were checked against the gateway's token (TenantGuard). */
@Path("/bot-api/v1.0/customer/{customerId}/bot/{botKey}/broadcasts")
public class BroadcastResource {

    private static final int DEFAULT_PAGE_SIZE = 100;

    private final BroadcastService broadcasts;

    public BroadcastResource(BroadcastService broadcasts) {
        this.broadcasts = broadcasts;
    }

    @POST
    @RolesAllowed(Scopes.BROADCASTS_WRITE)
    public Uni<Response> create(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                @HeaderParam("Authorization") String authorization,
                                @HeaderParam(JwtClaims.USERS_TOKEN_HEADER) String usersToken,
                                @Valid @NotNull BroadcastRequest body) {
        String key = IdempotencyKeys.clientKey(idempotencyKey);
        BroadcastDraft draft = body.draft();
        // the request as the client sent it: a retry matches it even after the audience has changed
        KeyedRequest keyed = key == null ? null : new KeyedRequest(key, broadcasts.requestHash(body));
        // users are read with the token the gateway minted for users-service on the caller's behalf
        String usersAuthorization = usersToken != null ? "Bearer " + usersToken : authorization;
        return broadcasts.create(customerId, botKey, draft, keyed, usersAuthorization)
                .map(accepted -> Response.accepted(ApiResponse.success(accepted)).build());
    }

    @GET
    @RolesAllowed(Scopes.BROADCASTS_READ)
    public Uni<ApiResponse<BroadcastService.BroadcastPage>> list(@PathParam("customerId") long customerId,
                                                                 @PathParam("botKey") String botKey,
                                                                 @QueryParam("status") String status,
                                                                 @QueryParam("page_number") String pageNumber,
                                                                 @QueryParam("page_size") String pageSize) {
        BroadcastStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = BroadcastStatus.valueOf(status.trim());
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidRequest("status must be SCHEDULED, RUNNING, COMPLETED or CANCELLED.");
            }
        }
        return broadcasts.list(customerId, botKey, wanted, PageRequest.of(pageNumber, pageSize, DEFAULT_PAGE_SIZE))
                .map(ApiResponse::success);
    }

    @GET
    @Path("/{broadcastId}")
    @RolesAllowed(Scopes.BROADCASTS_READ)
    public Uni<ApiResponse<BroadcastView>> get(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                               @PathParam("broadcastId") String broadcastId) {
        return broadcasts.get(customerId, botKey, broadcastId).map(ApiResponse::success);
    }

    @GET
    @Path("/{broadcastId}/recipients")
    @RolesAllowed(Scopes.BROADCASTS_READ)
    public Uni<ApiResponse<BroadcastService.RecipientPage>> recipients(@PathParam("customerId") long customerId,
                                                                       @PathParam("botKey") String botKey,
                                                                       @PathParam("broadcastId") String broadcastId,
                                                                       @QueryParam("status") String status,
                                                                       @QueryParam("page_number") String pageNumber,
                                                                       @QueryParam("page_size") String pageSize) {
        RecipientStatus shown = status == null || status.isBlank() ? null : RecipientStatus.shownAs(status.trim());
        if (shown == null && status != null && !status.isBlank()) {
            throw ApiException.invalidRequest("status must be one of " + RecipientStatus.SHOWN + ".");
        }
        return broadcasts.recipients(customerId, botKey, broadcastId, shown, PageRequest.of(pageNumber, pageSize, DEFAULT_PAGE_SIZE))
                .map(ApiResponse::success);
    }

    @DELETE
    @Path("/{broadcastId}")
    @RolesAllowed(Scopes.BROADCASTS_WRITE)
    public Uni<ApiResponse<BroadcastView>> cancel(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                                  @PathParam("broadcastId") String broadcastId) {
        return broadcasts.cancel(customerId, botKey, broadcastId).map(ApiResponse::success);
    }
}
