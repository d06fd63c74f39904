package io.floatchat.broadcast.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.Audience;
import io.floatchat.broadcast.AudienceMember;
import io.floatchat.broadcast.BroadcastDraft;
import io.floatchat.broadcast.service.BroadcastService;
import io.floatchat.common.events.BroadcastRequestEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.idempotency.IdempotencyKeys;
import io.floatchat.common.idempotency.IdempotencyKeys.KeyedRequest;
import io.floatchat.common.messaging.EventProcessing;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

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

    public BroadcastRequestConsumer(ObjectMapper objectMapper, BroadcastService broadcasts) {
        this.objectMapper = objectMapper;
        this.broadcasts = broadcasts;
    }

    @Incoming("broadcast-requests")
    public Uni<Void> consume(Record<String, String> record) {
        return EventProcessing.process(LOG, Topics.BROADCAST_REQUESTS, record.key(), () -> apply(record.value()));
    }

    private Uni<?> apply(String json) {
        BroadcastRequestEvent request = BroadcastRequestEvent.read(objectMapper, json);
        List<AudienceMember> members = request.userIds().stream().map(userId -> new AudienceMember(userId, null)).toList();
        String name = request.flowKey() == null ? "request " + request.eventId() : "flow " + request.flowKey();
        BroadcastDraft draft = new BroadcastDraft(name, request.channel(), new Audience.Known(members), request.message(), null);
        // a redelivery is the same record: its text is the request as it was sent
        KeyedRequest keyed = new KeyedRequest(IdempotencyKeys.eventKey(request.eventId()), IdempotencyKeys.requestHash(json));
        // a BroadcastRefused (the channel is not configured) is an ApiException: logged with its reason and skipped
        return broadcasts.create(request.customerId(), request.botKey(), draft, keyed, null)
                .invoke(accepted -> LOG.infof("broadcast request %s became broadcast %s", request.eventId(), accepted.broadcastId()));
    }
}
