package io.floatchat.broadcast.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.Audience;
import io.floatchat.broadcast.AudienceMember;
import io.floatchat.broadcast.Broadcast;
import io.floatchat.broadcast.BroadcastDraft;
import io.floatchat.broadcast.BroadcastStatus;
import io.floatchat.broadcast.Recipient;
import io.floatchat.broadcast.RecipientStatus;
import io.floatchat.broadcast.client.UsersClient;
import io.floatchat.broadcast.repository.BroadcastRepository;
import io.floatchat.broadcast.repository.ChannelAccountRepository;
import io.floatchat.broadcast.service.BroadcastRefused.Rule;
import io.floatchat.common.api.BroadcastChannels;
import io.floatchat.common.api.PageRequest;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.idempotency.IdempotencyKeys;
import io.floatchat.common.idempotency.IdempotencyKeys.KeyedRequest;
import io.floatchat.common.text.UserPlaceholders;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Creating (the one way, for every front door), reading and cancelling broadcasts. Sending is the scheduler's and the senders' job. */
@ApplicationScoped
public class BroadcastService {

    private final Pool pool;
    private final BroadcastRepository broadcasts;
    private final ChannelAccountRepository accounts;
    private final UsersClient users;
    private final IdempotencyKeys idempotency;
    private final BroadcastScheduler scheduler;
    private final ObjectMapper objectMapper;

    public BroadcastService(Pool pool, BroadcastRepository broadcasts, ChannelAccountRepository accounts, UsersClient users,
                            IdempotencyKeys idempotency, BroadcastScheduler scheduler, ObjectMapper objectMapper) {
        this.pool = pool;
        this.broadcasts = broadcasts;
        this.accounts = accounts;
        this.users = users;
        this.idempotency = idempotency;
        this.scheduler = scheduler;
        this.objectMapper = objectMapper;
    }

    /**
     * Creates a broadcast through whichever front door asked: checks every rule ({@link BroadcastRules}),
     * answers a retry of a keyed request with its first answer (409 / 1006 for another request with the
     * key), checks the channel is ready, resolves the audience — with what the message's placeholders
     * read of each user and nothing more, read from users-service with {@code usersAuthorization} — and
     * stores the broadcast and its recipients once. A rule broken is a {@link BroadcastRefused}.
     *
     * @param answer what the caller answers (and a replay answers again) of the stored broadcast
     */
    public <R> Uni<R> create(long customerId, String botKey, BroadcastDraft draft, KeyedRequest keyed,
                             String usersAuthorization, Function<Accepted, R> answer, Class<R> answerType) {
        long now = System.currentTimeMillis();
        long scheduledAt = BroadcastRules.check(draft, now);
        return replayed(customerId, botKey, keyed, answerType).flatMap(earlier -> earlier != null
                ? Uni.createFrom().item(earlier)
                : channelReady(customerId, botKey, draft.channel())
                        .flatMap(ready -> members(customerId, botKey, draft, usersAuthorization))
                        .flatMap(members -> store(customerId, botKey, draft, members, scheduledAt, now, keyed, answer,
                                answerType)));
    }

    /** As {@link #create(long, String, BroadcastDraft, KeyedRequest, String, Function, Class)}, answering {@link Accepted}. */
    public Uni<Accepted> create(long customerId, String botKey, BroadcastDraft draft, KeyedRequest keyed,
                                String usersAuthorization) {
        return create(customerId, botKey, draft, keyed, usersAuthorization, accepted -> accepted, Accepted.class);
    }

    private <R> Uni<R> replayed(long customerId, String botKey, KeyedRequest keyed, Class<R> answerType) {
        return keyed == null ? Uni.createFrom().nullItem() : idempotency.replay(customerId, botKey, keyed, answerType);
    }

    private Uni<Void> channelReady(long customerId, String botKey, String channel) {
        if (!BroadcastChannels.WHATSAPP.equals(channel)) {
            return Uni.createFrom().voidItem();
        }
        return accounts.hasWhatsApp(customerId, botKey).map(configured -> {
            if (!configured) {
                throw new BroadcastRefused(Rule.CHANNEL_NOT_READY, "The WhatsApp channel is not configured for this bot: "
                        + "PUT .../channels/whatsapp first, or use channel sandbox.");
            }
            return null;
        });
    }

    /** Each user once, in the order given, with what the message's placeholders read of them. */
    private Uni<List<AudienceMember>> members(long customerId, String botKey, BroadcastDraft draft, String usersAuthorization) {
        Set<String> read = UserPlaceholders.attributesRead(draft.message());
        if (draft.audience() instanceof Audience.Matching matching) {
            return users.audience(customerId, botKey, matching.filter(), read, usersAuthorization,
                    BroadcastRules.MAX_RECIPIENTS);
        }
        if (draft.audience() instanceof Audience.Listed listed) {
            List<String> userIds = List.copyOf(new LinkedHashSet<>(listed.userIds()));
            return !read.isEmpty()
                    ? users.profiles(customerId, botKey, userIds, read, usersAuthorization)
                    : Uni.createFrom().item(userIds.stream().map(userId -> new AudienceMember(userId, null)).toList());
        }
        Map<String, AudienceMember> byUser = new LinkedHashMap<>();
        ((Audience.Known) draft.audience()).members().forEach(member -> byUser.putIfAbsent(member.userId(), member));
        return Uni.createFrom().item(List.copyOf(byUser.values()));
    }

    private <R> Uni<R> store(long customerId, String botKey, BroadcastDraft draft, List<AudienceMember> members,
                             long scheduledAt, long now, KeyedRequest keyed, Function<Accepted, R> answer, Class<R> answerType) {
        if (members.isEmpty()) {
            throw new BroadcastRefused(Rule.NO_ONE_MATCHES, "The audience matches no user.");
        }
        String id = "bc_" + UUID.randomUUID().toString().replace("-", "");
        Accepted accepted = new Accepted(id, scheduledAt <= now ? "RUNNING" : "SCHEDULED", scheduledAt, members.size());
        Broadcast broadcast = new Broadcast(id, customerId, botKey, draft.name(), draft.channel(), draft.message(),
                BroadcastStatus.SCHEDULED, scheduledAt, null, null, members.size());
        return idempotency.once(customerId, botKey, keyed, answer.apply(accepted), answerType,
                        transaction -> broadcasts.insert(transaction, broadcast, members, now))
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
