package io.floatchat.conversations.rest;

import io.floatchat.common.api.ApiResponse;
import io.floatchat.common.api.ChannelUserIds;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.security.Scopes;
import io.floatchat.conversations.Message;
import io.floatchat.conversations.service.ConversationService;
import io.floatchat.conversations.service.MessageRules;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** The Conversations API. The path's customer and bot were checked against the gateway's token (TenantGuard). */
@Path("/bot-api/v1.0/customer/{customerId}/bot/{botKey}/channel-user/{userId}")
public class ConversationResource {


    private final ConversationService conversations;

    public ConversationResource(ConversationService conversations) {
        this.conversations = conversations;
    }

    @GET
    @Path("/conversations")
    @RolesAllowed(Scopes.CONVERSATIONS_READ)
    public Uni<ApiResponse<ConversationService.HistoryPage>> history(@PathParam("customerId") long customerId,
                                                                     @PathParam("botKey") String botKey,
                                                                     @PathParam("userId") String userId,
                                                                     @QueryParam("start_date") String startDate,
                                                                     @QueryParam("end_date") String endDate,
                                                                     @QueryParam("page_number") String pageNumber,
                                                                     @QueryParam("page_size") String pageSize,
                                                                     @QueryParam("cursor") String cursor) {
        return conversations.history(customerId, botKey, userId, startDate, endDate, pageNumber, pageSize, cursor)
                .map(ApiResponse::success);
    }

    @POST
    @Path("/messages")
    @RolesAllowed(Scopes.CONVERSATIONS_WRITE)
    public Uni<Response> record(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                @PathParam("userId") @Pattern(regexp = ChannelUserIds.PATTERN) String userId,
                                @Valid @NotNull NewMessageRequest body) {
        Message message = new Message(body.messageId(), userId, body.channel() == null ? "whatsapp" : body.channel(),
                body.direction(), body.type(), body.text(), body.payload(),
                body.timestamp() == null ? System.currentTimeMillis() : body.timestamp(), body.broadcastId());
        String problem = MessageRules.problem(message);
        if (problem != null) {
            throw ApiException.invalidRequest(problem);
        }
        return conversations.record(customerId, botKey, message)
                .map(recorded -> Response.status(recorded.created() ? Response.Status.CREATED : Response.Status.OK)
                        .entity(ApiResponse.success(recorded.message())).build());
    }
}
