package io.floatchat.broadcast.rest;

import io.floatchat.broadcast.AudienceMember;
import io.floatchat.broadcast.BroadcastStatus;
import io.floatchat.broadcast.RecipientStatus;
import io.floatchat.broadcast.client.UsersClient;
import io.floatchat.broadcast.repository.ChannelAccountRepository;
import io.floatchat.broadcast.service.BroadcastService;
import io.floatchat.broadcast.service.BroadcastView;
import io.floatchat.common.api.ApiResponse;
import io.floatchat.common.api.OutgoingMessages;
import io.floatchat.common.api.PageRequest;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.idempotency.IdempotencyKeys;
import io.floatchat.common.idempotency.IdempotencyKeys.KeyedRequest;
import io.floatchat.common.security.JwtClaims;
import io.floatchat.common.security.Scopes;
import io.floatchat.common.text.UserPlaceholders;
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

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The Broadcast API. The path's customer and bot were checked against the gateway's token (TenantGuard). */
@Path("/bot-api/v1.0/customer/{customerId}/bot/{botKey}/broadcasts")
public class BroadcastResource {

    private static final int DEFAULT_PAGE_SIZE = 100;
    /** Listed users' profiles are fetched one by one for {{user.*}}: an audience scales further. */
    private static final int MAX_PERSONALISED_LIST = 10_000;

    private final BroadcastService broadcasts;
    private final ChannelAccountRepository accounts;
    private final UsersClient users;

    public BroadcastResource(BroadcastService broadcasts, ChannelAccountRepository accounts, UsersClient users) {
        this.broadcasts = broadcasts;
        this.accounts = accounts;
        this.users = users;
    }

    @POST
    @RolesAllowed(Scopes.BROADCASTS_WRITE)
    public Uni<Response> create(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                @HeaderParam("Authorization") String authorization,
                                @HeaderParam(JwtClaims.USERS_TOKEN_HEADER) String usersToken,
                                @Valid @NotNull BroadcastRequest body) {
        String key = IdempotencyKeys.clientKey(idempotencyKey);
        boolean byAudience = body.audience() != null && !body.audience().isNull();
        int count = body.channelUserIds() == null ? 0 : body.channelUserIds().size();
        if (byAudience == count > 0) {
            throw ApiException.invalidRequest("Give either channelUserIds or audience.");
        }
        if (!byAudience && count > BroadcastService.MAX_RECIPIENTS) {
            throw ApiException.invalidRequest("channelUserIds must name 1 to " + BroadcastService.MAX_RECIPIENTS + " users.");
        }
        if (byAudience && (!body.audience().isObject() || body.audience().path("attribute_name").asText("").isBlank())) {
            throw ApiException.invalidRequest("audience must be {\"attribute_name\":..,\"attribute_value\":..}.");
        }
        OutgoingMessages.validate(body.message());
        if (!byAudience && UserPlaceholders.isPersonalised(body.message()) && count > MAX_PERSONALISED_LIST) {
            throw ApiException.invalidRequest("Personalised text to more than " + MAX_PERSONALISED_LIST
                    + " listed users: select them with an audience instead.");
        }
        // the request as the client sent it: a retry matches it even after the audience has changed
        KeyedRequest keyed = key == null ? null : new KeyedRequest(key, broadcasts.requestHash(body));
        return broadcasts.replayed(customerId, botKey, keyed, BroadcastService.Accepted.class)
                // users are read with the token the gateway minted for users-service on the caller's behalf
                .flatMap(earlier -> earlier != null ? Uni.createFrom().item(earlier) : resolveAndCreate(customerId, botKey,
                        usersToken != null ? "Bearer " + usersToken : authorization, body, byAudience, keyed))
                .map(accepted -> Response.accepted(ApiResponse.success(accepted)).build());
    }

    /**
     * The audience with what the message's placeholders read of each user and nothing more (an
     * audience of 100,000 users is their ids), then the broadcast.
     */
    private Uni<BroadcastService.Accepted> resolveAndCreate(long customerId, String botKey, String authorization,
                                                           BroadcastRequest body, boolean byAudience, KeyedRequest keyed) {
        Set<String> read = UserPlaceholders.attributesRead(body.message());
        Uni<Boolean> channelReady = "whatsapp".equals(body.channel())
                ? accounts.hasWhatsApp(customerId, botKey) : Uni.createFrom().item(true);
        return channelReady.flatMap(ready -> {
                    if (!ready) {
                        throw ApiException.invalidRequest("The WhatsApp channel is not configured for this bot: "
                                + "PUT .../channels/whatsapp first, or use channel sandbox.");
                    }
                    if (byAudience) {
                        return users.audience(customerId, botKey, body.audience(), read, authorization,
                                BroadcastService.MAX_RECIPIENTS);
                    }
                    List<String> listed = List.copyOf(new LinkedHashSet<>(body.channelUserIds()));
                    return !read.isEmpty()
                            ? users.profiles(customerId, botKey, listed, read, authorization)
                            : Uni.createFrom().item(listed.stream().map(userId -> new AudienceMember(userId, null)).toList());
                })
                .flatMap(audience -> {
                    if (audience.isEmpty()) {
                        throw ApiException.invalidRequest("The audience matches no user.");
                    }
                    return broadcasts.create(customerId, botKey, new BroadcastService.NewBroadcast(body.name(),
                            body.channel(), audience, body.message(), body.scheduledAt()), keyed);
                });
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
