package io.floatchat.broadcast.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.AudienceMember;
import io.floatchat.broadcast.Broadcast;
import io.floatchat.broadcast.BroadcastStatus;
import io.floatchat.broadcast.Recipient;
import io.floatchat.broadcast.RecipientStatus;
import io.floatchat.broadcast.repository.BroadcastRepository;
import io.floatchat.common.api.PageRequest;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.idempotency.IdempotencyKeys;
import io.floatchat.common.idempotency.IdempotencyKeys.KeyedRequest;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Creating, reading and cancelling broadcasts. Sending is the scheduler's and the senders' job. */
@ApplicationScoped
public class BroadcastService {

    public static final int MAX_RECIPIENTS = 100_000;

    private final Pool pool;
    private final BroadcastRepository broadcasts;
    private final IdempotencyKeys idempotency;
    private final BroadcastScheduler scheduler;
    private final ObjectMapper objectMapper;

    public BroadcastService(Pool pool, BroadcastRepository broadcasts, IdempotencyKeys idempotency,
                            BroadcastScheduler scheduler, ObjectMapper objectMapper) {
        this.pool = pool;
        this.broadcasts = broadcasts;
        this.idempotency = idempotency;
        this.scheduler = scheduler;
        this.objectMapper = objectMapper;
    }

    /**
     * Stores the broadcast and its recipients; under a key, a retry of the same request gets the first
     * response and has no second effect, another request with the key is 409 / 1006.
     */
    public Uni<Accepted> create(long customerId, String botKey, NewBroadcast request, KeyedRequest keyed) {
        return create(customerId, botKey, request, keyed, accepted -> accepted, Accepted.class);
    }

    /** The first response to a keyed request already made (null when the key is unused; 409 / 1006 for another request). */
    public <R> Uni<R> replayed(long customerId, String botKey, KeyedRequest keyed, Class<R> answerType) {
        return keyed == null ? Uni.createFrom().nullItem() : idempotency.replay(customerId, botKey, keyed, answerType);
    }

    /** As {@link #create(long, String, NewBroadcast, KeyedRequest)}, answering (and keeping for replays) {@code answer} of it. */
    public <R> Uni<R> create(long customerId, String botKey, NewBroadcast request, KeyedRequest keyed,
                             Function<Accepted, R> answer, Class<R> answerType) {
        long now = System.currentTimeMillis();
        Map<String, AudienceMember> byUser = new LinkedHashMap<>();
        request.audience().forEach(member -> byUser.putIfAbsent(member.userId(), member));
        List<AudienceMember> audience = List.copyOf(byUser.values());
        String id = "bc_" + UUID.randomUUID().toString().replace("-", "");
        long scheduledAt = ScheduleTime.of(request.scheduledAt(), now);
        Accepted accepted = new Accepted(id, scheduledAt <= now ? "RUNNING" : "SCHEDULED", scheduledAt, audience.size());
        Broadcast broadcast = new Broadcast(id, customerId, botKey, request.name(), request.channel(), request.message(),
                BroadcastStatus.SCHEDULED, scheduledAt, null, null, audience.size());
        return idempotency.once(customerId, botKey, keyed, answer.apply(accepted), answerType,
                        transaction -> broadcasts.insert(transaction, broadcast, audience, now))
                .map(once -> {
                    if (once.created() && accepted.status().equals("RUNNING")) {
                        scheduler.wakeUp();
                    }
                    return once.response();
                });
    }

    public Uni<BroadcastView> get(long customerId, String botKey, String id) {
        return broadcasts.find(customerId, botKey, id).flatMap(broadcast -> {
            if (broadcast == null) {
                throw ApiException.notFound("No broadcast " + id + " in this bot.");
            }
            return broadcasts.statusCounts(List.of(id))
                    .map(counts -> BroadcastView.of(broadcast, counts.getOrDefault(id, Map.of())));
        });
    }

    public Uni<BroadcastPage> list(long customerId, String botKey, BroadcastStatus status, PageRequest page) {
        return Uni.combine().all()
                .unis(broadcasts.list(customerId, botKey, status, page.pageSize(), page.offset()),
                        broadcasts.count(customerId, botKey, status))
                .asTuple()
                .flatMap(found -> {
                    List<Broadcast> items = found.getItem1();
                    if (items.isEmpty()) {
                        return Uni.createFrom().item(new BroadcastPage(List.of(), page.pageNumber(), page.pageSize(),
                                found.getItem2()));
                    }
                    return broadcasts.statusCounts(items.stream().map(Broadcast::id).toList())
                            .map(counts -> new BroadcastPage(items.stream()
                                    .map(b -> BroadcastView.of(b, counts.getOrDefault(b.id(), Map.of()))).toList(),
                                    page.pageNumber(), page.pageSize(), found.getItem2()));
                });
    }

    public Uni<RecipientPage> recipients(long customerId, String botKey, String id, RecipientStatus status, PageRequest page) {
        return broadcasts.find(customerId, botKey, id).flatMap(broadcast -> {
            if (broadcast == null) {
                throw ApiException.notFound("No broadcast " + id + " in this bot.");
            }
            return Uni.combine().all()
                    .unis(broadcasts.recipients(id, status, page.pageSize(), page.offset()), broadcasts.countRecipients(id, status))
                    .with((found, total) -> new RecipientPage(found, page.pageNumber(), page.pageSize(), total));
        });
    }

    /** Cancels: a scheduled broadcast sends nothing, a running one nothing more; a finished one is 409 / 1006. */
    public Uni<BroadcastView> cancel(long customerId, String botKey, String id) {
        return broadcasts.find(customerId, botKey, id).flatMap(broadcast -> {
            if (broadcast == null) {
                throw ApiException.notFound("No broadcast " + id + " in this bot.");
            }
            return pool.withTransaction(transaction -> broadcasts.cancel(transaction, id, System.currentTimeMillis()))
                    .flatMap(cancelled -> {
                        if (!cancelled) {
                            throw ApiException.conflict("Broadcast " + id + " has already finished.");
                        }
                        return get(customerId, botKey, id);
                    });
        });
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hash an {@code Idempotency-Key} is bound to: of the request as the client sent it, serialised. */
    public String requestHash(Object request) {
        return IdempotencyKeys.requestHash(json(request));
    }

    /** What a broadcast is asked to be (validated). */
    public record NewBroadcast(String name, String channel, List<AudienceMember> audience, JsonNode message,
                               JsonNode scheduledAt) {
    }

    /** The 202 {@code responseObject}. */
    @RegisterForReflection // stored as JSON for Idempotency-Key replays (native image)
    public record Accepted(String broadcastId, String status, long scheduledAt, int recipientCount) {
    }

    /** {@code {"broadcasts":[...],"pageNumber","pageSize","totalCount"}}. */
    public record BroadcastPage(List<BroadcastView> broadcasts, int pageNumber, int pageSize, long totalCount) {
    }

    /** {@code {"recipients":[...],"pageNumber","pageSize","totalCount"}}. */
    public record RecipientPage(List<Recipient> recipients, int pageNumber, int pageSize, long totalCount) {
    }
}
