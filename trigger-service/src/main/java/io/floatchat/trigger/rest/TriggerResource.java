package io.floatchat.trigger.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.api.ApiResponse;
import io.floatchat.common.api.AttributeBounds;
import io.floatchat.common.api.ChannelUserIds;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.idempotency.IdempotencyKeys;
import io.floatchat.common.security.Scopes;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import io.floatchat.trigger.service.TriggerService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;


/**
 * FloatChat's API Trigger, and the runs it starts. The body is {@code {"userId","attributes":{}}},
 * or a flat JSON object, or form fields — the last two taken as attributes (with {@code userId}).
 */
@Path("/bot-api/v1.0/customer/{customerId}/bot/{botKey}")
public class TriggerResource {


    private final TriggerService triggers;

    public TriggerResource(TriggerService triggers) {
        this.triggers = triggers;
    }

    @POST
    @Path("/flow/{flowKey}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Scopes.FLOWS_TRIGGER)
    public Uni<Response> triggerJson(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                     @PathParam("flowKey") String flowKey,
                                     @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey, JsonNode body) {
        if (body != null && !body.isNull() && !body.isObject()) {
            throw ApiException.invalidRequest("The body must be a JSON object.");
        }
        ObjectNode object = body == null || body.isNull() ? JsonNodeFactory.instance.objectNode() : (ObjectNode) body;
        JsonNode nested = object.get("attributes");
        ObjectNode attributes;
        if (nested != null && nested.isObject()) {
            attributes = (ObjectNode) nested;
        } else {
            attributes = object.deepCopy();
            attributes.remove("userId");
        }
        return start(customerId, botKey, flowKey, object.path("userId").asText(null), attributes, idempotencyKey);
    }

    @POST
    @Path("/flow/{flowKey}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Scopes.FLOWS_TRIGGER)
    public Uni<Response> triggerForm(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                     @PathParam("flowKey") String flowKey,
                                     @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                     MultivaluedMap<String, String> form) {
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        form.forEach((name, values) -> {
            if (!name.equals("userId") && !values.isEmpty()) {
                attributes.put(name, values.get(0));
            }
        });
        return start(customerId, botKey, flowKey, form.getFirst("userId"), attributes, idempotencyKey);
    }

    @GET
    @Path("/flow-runs/{runId}")
    @RolesAllowed(Scopes.FLOWS_READ)
    public Uni<ApiResponse<RunView>> run(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                         @PathParam("runId") String runId) {
        return triggers.run(customerId, botKey, runId).map(run -> ApiResponse.success(RunView.of(run)));
    }

    private Uni<Response> start(long customerId, String botKey, String flowKey, String userId, ObjectNode attributes,
                                String idempotencyKey) {
        if (userId != null && !ChannelUserIds.isValid(userId)) {
            throw ApiException.invalidRequest("userId is not a channel user id.");
        }
        String key = IdempotencyKeys.clientKey(idempotencyKey);
        String problem = AttributeBounds.problem(attributes);
        if (problem != null) {
            throw ApiException.invalidRequest(Character.toUpperCase(problem.charAt(0)) + problem.substring(1) + ".");
        }
        return triggers.trigger(customerId, botKey, flowKey, userId, attributes, key)
                .map(accepted -> Response.accepted(ApiResponse.success(accepted)).build());
    }

    /** {@code {"runId","flowKey","status","steps":[...],"createdAt","finishedAt"}}. */
    public record RunView(String runId, String flowKey, String status, JsonNode steps, long createdAt, Long finishedAt) {

        static RunView of(FlowRun run) {
            return new RunView(run.id(), run.flowKey(), run.status(), run.steps(), run.createdAt(), run.finishedAt());
        }
    }
}
