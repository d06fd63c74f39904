package io.floatchat.trigger.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.api.ApiResponse;
import io.floatchat.common.security.Scopes;
import io.floatchat.trigger.repository.FlowRepository.StoredFlow;
import io.floatchat.trigger.repository.WebhookSecretRepository.Rotated;
import io.floatchat.trigger.service.FlowService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.List;

/** A bot's flows. The path's customer and bot were checked against the gateway's token (TenantGuard). */
@Path("/bot-api/v1.0/customer/{customerId}/bot/{botKey}/flows")
public class FlowResource {

    static final String FLOW_KEY = "[A-Za-z0-9_.-]{1,100}";

    private final FlowService flows;

    public FlowResource(FlowService flows) {
        this.flows = flows;
    }

    @PUT
    @Path("/{flowKey}")
    @RolesAllowed(Scopes.FLOWS_WRITE)
    public Uni<ApiResponse<JsonNode>> put(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                          @PathParam("flowKey") @Pattern(regexp = FLOW_KEY) String flowKey,
                                          @NotNull JsonNode definition) {
        return flows.save(customerId, botKey, flowKey, definition).map(saved -> {
            ObjectNode view = view(saved.flow());
            if (saved.newSigningSecret() != null) {
                // the bot's first flow made its secret: the one answer that shows it, besides a rotation's
                view.put("signingSecret", saved.newSigningSecret());
            }
            return ApiResponse.success((JsonNode) view);
        });
    }

    @GET
    @RolesAllowed(Scopes.FLOWS_READ)
    public Uni<ApiResponse<FlowList>> list(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey) {
        return flows.list(customerId, botKey)
                .map(found -> ApiResponse.success(new FlowList(found.stream().map(FlowResource::view).map(JsonNode.class::cast)
                        .toList())));
    }

    @GET
    @Path("/{flowKey}")
    @RolesAllowed(Scopes.FLOWS_READ)
    public Uni<ApiResponse<JsonNode>> get(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                          @PathParam("flowKey") String flowKey) {
        return flows.get(customerId, botKey, flowKey).map(flow -> ApiResponse.success((JsonNode) view(flow)));
    }

    @DELETE
    @Path("/{flowKey}")
    @RolesAllowed(Scopes.FLOWS_WRITE)
    public Uni<ApiResponse<JsonNode>> delete(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                             @PathParam("flowKey") String flowKey) {
        return flows.delete(customerId, botKey, flowKey).map(flow -> ApiResponse.success((JsonNode) view(flow)));
    }

    /** {@code {"signingSecret","previousSecretValidUntil"}}: the bot's new webhook signing secret. */
    @POST
    @Path("/{flowKey}/rotate-secret")
    @RolesAllowed(Scopes.FLOWS_WRITE)
    public Uni<ApiResponse<Rotated>> rotateSecret(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                                  @PathParam("flowKey") String flowKey) {
        return flows.rotateSecret(customerId, botKey, flowKey).map(ApiResponse::success);
    }

    /** The flow as given, with its key and when it last changed. */
    private static ObjectNode view(StoredFlow flow) {
        ObjectNode view = flow.definition().deepCopy();
        view.put("flowKey", flow.flowKey());
        view.put("updatedAt", flow.updatedAt());
        return view;
    }

    /** {@code {"flows":[...]}}. */
    public record FlowList(List<JsonNode> flows) {
    }
}
