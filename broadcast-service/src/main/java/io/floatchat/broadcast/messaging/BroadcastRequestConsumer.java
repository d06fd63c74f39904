package io.floatchat.broadcast.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.repository.ChannelAccountRepository;
import io.floatchat.broadcast.service.AudienceCsv.AudienceMember;
import io.floatchat.broadcast.service.BroadcastService;
import io.floatchat.common.api.ChannelUserIds;
import io.floatchat.common.api.OutgoingMessages;
import io.floatchat.common.events.Topics;
import io.floatchat.common.idempotency.IdempotencyKeys;
import io.floatchat.common.idempotency.IdempotencyKeys.KeyedRequest;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.messaging.InvalidEventException;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code floatchat.broadcast-requests.v1} (a flow's {@code send_message} step): each request becomes a
 * broadcast sent now, once per {@code eventId} — a redelivered request finds its idempotency key and
 * creates nothing. A request that can never be sent is logged with its reason and skipped.
 */
@ApplicationScoped
public class BroadcastRequestConsumer {

    private static final Logger LOG = Logger.getLogger(BroadcastRequestConsumer.class);

    private final ObjectMapper objectMapper;
    private final BroadcastService broadcasts;
    private final ChannelAccountRepository accounts;

    public BroadcastRequestConsumer(ObjectMapper objectMapper, BroadcastService broadcasts, ChannelAccountRepository accounts) {
        this.objectMapper = objectMapper;
        this.broadcasts = broadcasts;
        this.accounts = accounts;
    }

    @Incoming("broadcast-requests")
    public Uni<Void> consume(Record<String, String> record) {
        return EventProcessing.process(LOG, Topics.BROADCAST_REQUESTS, record.key(), () -> apply(record.value()));
    }

    private Uni<?> apply(String json) {
        JsonNode request = EventFields.parse(objectMapper, json);
        String eventId = EventFields.requiredText(request, "eventId", 200);
        long customerId = EventFields.requiredLong(request, "customerId");
        String botKey = EventFields.requiredText(request, "botKey", 64);
        String channel = EventFields.requiredText(request, "channel", 32);
        if (!channel.equals("whatsapp") && !channel.equals("sandbox")) {
            throw new InvalidEventException("channel must be whatsapp or sandbox");
        }
        List<AudienceMember> audience = new ArrayList<>();
        for (JsonNode userId : request.path("userIds")) {
            if (!userId.isTextual() || !ChannelUserIds.isValid(userId.asText())) {
                throw new InvalidEventException("userIds must be channel user ids");
            }
            audience.add(new AudienceMember(userId.asText(), null));
        }
        if (audience.isEmpty() || audience.size() > BroadcastService.MAX_RECIPIENTS) {
            throw new InvalidEventException("userIds must name 1 to " + BroadcastService.MAX_RECIPIENTS + " users");
        }
        JsonNode message = request.path("message");
        String problem = OutgoingMessages.problem(message);
        if (problem != null) {
            throw new InvalidEventException(problem);
        }
        String flowKey = EventFields.optionalText(request, "flowKey", 100);
        String name = flowKey == null ? "request " + eventId : "flow " + flowKey;
        Uni<Boolean> ready = channel.equals("whatsapp") ? accounts.hasWhatsApp(customerId, botKey) : Uni.createFrom().item(true);
        // a redelivery is the same record: its text is the request as it was sent
        KeyedRequest keyed = new KeyedRequest(IdempotencyKeys.eventKey(eventId), IdempotencyKeys.requestHash(json));
        return ready.flatMap(configured -> {
            if (!configured) {
                throw new InvalidEventException("the bot's WhatsApp channel is not configured");
            }
            return broadcasts.create(customerId, botKey, new BroadcastService.NewBroadcast(name, channel, audience,
                    message, null), keyed);
        }).invoke(accepted -> LOG.infof("broadcast request %s became broadcast %s", eventId, accepted.broadcastId()));
    }
}
