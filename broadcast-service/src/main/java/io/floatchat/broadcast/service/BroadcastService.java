package io.floatchat.broadcast.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.Broadcast;
import io.floatchat.broadcast.BroadcastStatus;
import io.floatchat.broadcast.Recipient;
import io.floatchat.broadcast.repository.BroadcastRepository;
import io.floatchat.common.idempotency.IdempotencyKeys;
import io.floatchat.broadcast.service.AudienceCsv.AudienceMember;
import io.floatchat.common.api.PageRequest;
import io.floatchat.common.error.ApiException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
     * Stores the broadcast and its recipients; with an {@code Idempotency-Key}, a retry with the same
     * body gets the first response and has no second effect, another body with the key is 409 / 1006.
     */
    public Uni<Accepted> create(long customerId, String botKey, NewBroadcast request, String idempotencyKey) {
        long now = System.currentTimeMillis();
        Map<String, AudienceMember> byUser = new LinkedHashMap<>();
        request.audience().forEach(member -> byUser.putIfAbsent(member.userId(), member));
        List<AudienceMember> audience = List.copyOf(byUser.values());
        String id = "bc_" + UUID.randomUUID().toString().replace("-", "");
        long scheduledAt = ScheduleTime.of(request.scheduledAt(), now);
        Accepted accepted = new Accepted(id, scheduledAt <= now ? "RUNNING" : "SCHEDULED", scheduledAt, audience.size());
        Broadcast broadcast = new Broadcast(id, customerId, botKey, request.name(), request.channel(), request.message(),
                BroadcastStatus.SCHEDULED, scheduledAt, null, null, audience.size());
        String requestHash = hash(request);
        return pool.withTransaction(transaction -> {
                    Uni<Boolean> first = idempotencyKey == null ? Uni.createFrom().item(true)
                            : idempotency.claim(transaction, customerId, botKey, idempotencyKey, requestHash, json(accepted), now);
                    return first.flatMap(isFirst -> isFirst
                            ? broadcasts.insert(transaction, broadcast, audience, now).replaceWith((Accepted) null)
                            : replay(customerId, botKey, idempotencyKey, requestHash));
                })
                .map(replayed -> {
                    if (replayed != null) {
                        return replayed;
                    }
                    if (accepted.status().equals("RUNNING")) {
                        scheduler.wakeUp();
                    }
                    return accepted;
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

    public Uni<RecipientPage> recipients(long customerId, String botKey, String id, String status, PageRequest page) {
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

    private Uni<Accepted> replay(long customerId, String botKey, String key, String requestHash) {
        return idempotency.find(customerId, botKey, key).map(stored -> {
            if (stored == null || !stored.requestHash().equals(requestHash)) {
                throw ApiException.conflict("Idempotency-Key " + key + " was used with a different request.");
            }
            return stored.response().mapTo(Accepted.class);
        });
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hash(NewBroadcast request) {
        return IdempotencyKeys.requestHash(json(request));
    }

    /** What a broadcast is asked to be (validated). */
    @RegisterForReflection // stored as JSON for Idempotency-Key replays (native image)
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
