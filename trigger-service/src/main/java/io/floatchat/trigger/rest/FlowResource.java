package io.floatchat.trigger.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.api.ApiResponse;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.security.Scopes;
import io.floatchat.trigger.repository.FlowRepository;
import io.floatchat.trigger.repository.FlowRepository.StoredFlow;
import io.floatchat.trigger.repository.WebhookSecretRepository;
import io.floatchat.trigger.service.FlowDefinitions;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import java.util.List;

/** A bot's flows. The path's customer and bot were checked against the gateway's token (TenantGuard). */
@Path("/bot-api/v1.0/customer/{customerId}/bot/{botKey}/flows")
public class FlowResource {

    static final String FLOW_KEY = "[A-Za-z0-9_.-]{1,100}";
    static final int MAX_FLOWS_PER_BOT = 500;

    private final FlowRepository flows;
    private final WebhookSecretRepository secrets;

    public FlowResource(FlowRepository flows, WebhookSecretRepository secrets) {
        this.flows = flows;
        this.secrets = secrets;
    }

    @PUT
    @Path("/{flowKey}")
    @RolesAllowed(Scopes.FLOWS_WRITE)
    public Uni<ApiResponse<JsonNode>> put(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                          @PathParam("flowKey") @Pattern(regexp = FLOW_KEY) String flowKey,
                                          @NotNull JsonNode definition) {
        FlowDefinitions.Trigger trigger = FlowDefinitions.validate(definition);
        long now = System.currentTimeMillis();
        return flows.find(customerId, botKey, flowKey)
                .flatMap(existing -> existing != null ? Uni.createFrom().item(0L) : flows.countByBot(customerId, botKey))
                .flatMap(held -> {
                    if (held >= MAX_FLOWS_PER_BOT) {
                        throw ApiException.invalidRequest("A bot can have at most " + MAX_FLOWS_PER_BOT + " flows.");
                    }
                    return flows.save(customerId, botKey, flowKey, trigger, definition, now);
                })
                .replaceWith(() -> ApiResponse.success(view(new StoredFlow(flowKey, definition, now))));
    }

    @GET
    @RolesAllowed(Scopes.FLOWS_READ)
    public Uni<ApiResponse<FlowList>> list(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey) {
        return flows.list(customerId, botKey)
                .map(found -> ApiResponse.success(new FlowList(found.stream().map(FlowResource::view).toList())));
    }

    @GET
    @Path("/{flowKey}")
    @RolesAllowed(Scopes.FLOWS_READ)
    public Uni<ApiResponse<JsonNode>> get(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                          @PathParam("flowKey") String flowKey) {
        return flows.find(customerId, botKey, flowKey).flatMap(flow -> {
            if (flow == null) {
                throw ApiException.notFound("No flow " + flowKey + " in this bot.");
            }
            // the receiver of call_webhook verifies X-FloatChat-Signature with this
            return secrets.secretOf(customerId, botKey).map(secret -> {
                ObjectNode view = (ObjectNode) view(flow);
                view.put("signingSecret", secret);
                return ApiResponse.success((JsonNode) view);
            });
        });
    }

    @DELETE
    @Path("/{flowKey}")
    @RolesAllowed(Scopes.FLOWS_WRITE)
    public Uni<ApiResponse<JsonNode>> delete(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                             @PathParam("flowKey") String flowKey) {
        return flows.find(customerId, botKey, flowKey).flatMap(flow -> {
            if (flow == null) {
                throw ApiException.notFound("No flow " + flowKey + " in this bot.");
            }
            return flows.delete(customerId, botKey, flowKey).replaceWith(ApiResponse.success(view(flow)));
        });
    }

    /** The flow as given, with its key and when it last changed. */
    private static JsonNode view(StoredFlow flow) {
        ObjectNode view = flow.definition().deepCopy();
        view.put("flowKey", flow.flowKey());
        view.put("updatedAt", flow.updatedAt());
        return view;
    }

    /** {@code {"flows":[...]}}. */
    public record FlowList(List<JsonNode> flows) {
    }
}
