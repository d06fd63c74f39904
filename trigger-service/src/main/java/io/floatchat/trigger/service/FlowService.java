package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.outbound.OutboundAddressGuard;
import io.floatchat.common.outbound.OutboundRefusedException;
import io.floatchat.common.outbound.OutboundUrls;
import io.floatchat.trigger.repository.FlowRepository;
import io.floatchat.trigger.repository.FlowRepository.StoredFlow;
import io.floatchat.trigger.repository.WebhookSecretRepository;
import io.floatchat.trigger.repository.WebhookSecretRepository.Rotated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * A bot's flows: storing one (validated, its webhook destinations vetted by the outbound guard),
 * reading, deleting, and the bot's webhook signing secret — shown in the answer that makes it (the
 * bot's first flow) and in a rotation's, never when a flow is read.
 */
@ApplicationScoped
public class FlowService {

    public static final int MAX_FLOWS_PER_BOT = 500;

    private final FlowRepository flows;
    private final WebhookSecretRepository secrets;
    private final OutboundAddressGuard guard;

    public FlowService(FlowRepository flows, WebhookSecretRepository secrets, OutboundAddressGuard guard) {
        this.flows = flows;
        this.secrets = secrets;
        this.guard = guard;
    }

    /** Stores the flow; the answer carries the bot's signing secret when this flow made it. */
    public Uni<Saved> save(long customerId, String botKey, String flowKey, JsonNode definition) {
        FlowDefinitions.Trigger trigger = FlowDefinitions.validate(definition);
        long now = System.currentTimeMillis();
        return vetWebhooks(definition)
                .flatMap(vetted -> flows.find(customerId, botKey, flowKey))
                .flatMap(existing -> existing != null ? Uni.createFrom().item(0L) : flows.countByBot(customerId, botKey))
                .flatMap(held -> {
                    if (held >= MAX_FLOWS_PER_BOT) {
                        throw ApiException.invalidRequest("A bot can have at most " + MAX_FLOWS_PER_BOT + " flows.");
                    }
                    return flows.save(customerId, botKey, flowKey, trigger, definition, now);
                })
                .flatMap(saved -> secrets.createIfAbsent(customerId, botKey))
                .map(secret -> new Saved(new StoredFlow(flowKey, definition, now), secret));
    }

    public Uni<List<StoredFlow>> list(long customerId, String botKey) {
        return flows.list(customerId, botKey);
    }

    public Uni<StoredFlow> get(long customerId, String botKey, String flowKey) {
        return flows.find(customerId, botKey, flowKey).invoke(flow -> {
            if (flow == null) {
                throw ApiException.notFound("No flow " + flowKey + " in this bot.");
            }
        });
    }

    public Uni<StoredFlow> delete(long customerId, String botKey, String flowKey) {
        return get(customerId, botKey, flowKey)
                .call(flow -> flows.delete(customerId, botKey, flowKey));
    }

    /** A new signing secret for the bot of the flow; the previous one keeps signing beside it for a day. */
    public Uni<Rotated> rotateSecret(long customerId, String botKey, String flowKey) {
        return get(customerId, botKey, flowKey)
                .flatMap(flow -> secrets.rotate(customerId, botKey, System.currentTimeMillis()))
                .invoke(rotated -> {
                    if (rotated == null) {
                        throw ApiException.invalidBotOrCustomer();
                    }
                });
    }

    /** Every call_webhook destination through the guard as configured: its form, and its addresses if it resolves now. */
    private Uni<Void> vetWebhooks(JsonNode definition) {
        JsonNode steps = definition.path("steps");
        return Multi.createFrom().range(0, steps.size())
                .filter(i -> "call_webhook".equals(steps.get(i).path("action").asText()))
                .onItem().transformToUniAndConcatenate(i -> guard
                        .vetConfigured(steps.get(i).path("url").asText(), OutboundUrls.Kind.ENDPOINT)
                        .onFailure(OutboundRefusedException.class).transform(refused -> ApiException.invalidRequest(
                                "steps[" + (i + 1) + "]: url " + refused.getMessage() + ".")))
                .collect().last()
                .replaceWithVoid();
    }

    /** A stored flow, and the bot's signing secret if storing it made one (else null). */
    public record Saved(StoredFlow flow, String newSigningSecret) {
    }
}
