package io.floatchat.users.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.api.InputBounds;
import io.floatchat.common.api.PageRequest;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.idempotency.ProcessedEvents;
import io.floatchat.users.AttributeChange;
import io.floatchat.users.AttributeOperator;
import io.floatchat.users.User;
import io.floatchat.users.UserActivity;
import io.floatchat.users.repository.AttributeSearch;
import io.floatchat.users.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Users of a bot: attribute changes (REST and Kafka), activity from messages, the attribute search. */
@ApplicationScoped
public class UserService {

    private final Pool pool;
    private final UserRepository users;
    private final ObjectMapper objectMapper;
    private final ProcessedEvents processed;

    public UserService(Pool pool, UserRepository users, ObjectMapper objectMapper, ProcessedEvents processed) {
        this.pool = pool;
        this.users = users;
        this.objectMapper = objectMapper;
        this.processed = processed;
    }

    public Uni<User> find(long customerId, String botKey, String userId) {
        return users.find(customerId, botKey, userId);
    }

    /** @param attributes the attributes each user found carries (null: all of them) */
    public Uni<UserPage> search(long customerId, String botKey, String name, AttributeOperator operator, String value,
                                PageRequest page, List<String> attributes) {
        AttributeSearch search = AttributeSearch.of(customerId, botKey, name, operator, value);
        return Uni.combine().all()
                .unis(users.search(search, page.pageSize(), page.offset(), attributes), users.count(search))
                .with((found, total) -> new UserPage(found, page.pageNumber(), page.pageSize(), total));
    }

    /** Creates the user when new and merges the attributes, all or nothing. */
    public Uni<User> changeAttributes(long customerId, String botKey, String userId, String channel, String name,
                                      AttributeChange change) {
        return pool.withTransaction(transaction ->
                users.merge(transaction, customerId, botKey, userId, channel, name, change, System.currentTimeMillis())
                        .map(this::withinBounds));
    }

    /**
     * The merged user, or the error that rolls the merge back: a user of another customer's bot
     * (1002), more than {@value AttributeRules#MAX_ATTRIBUTES} attributes, or attributes over
     * {@link InputBounds#USER_ATTRIBUTES_JSON_BYTES} bytes as JSON (1001).
     */
    private User withinBounds(UserRepository.MergedUser merged) {
        if (merged == null) {
            throw ApiException.invalidBotOrCustomer();
        }
        if (merged.attributeCount() > AttributeRules.MAX_ATTRIBUTES) {
            throw ApiException.invalidRequest("A user can have at most " + AttributeRules.MAX_ATTRIBUTES
                    + " attributes; this change would give it " + merged.attributeCount() + ".");
        }
        int bytes = InputBounds.jsonBytes(objectMapper.valueToTree(merged.user().attributes()));
        if (bytes > InputBounds.USER_ATTRIBUTES_JSON_BYTES) {
            throw ApiException.invalidRequest("A user's attributes are at most " + InputBounds.USER_ATTRIBUTES_JSON_BYTES
                    + " bytes as JSON (32 KB); this change would make them " + bytes + ".");
        }
        return merged.user();
    }

    /**
     * The same change from Kafka, applied once per event id: false when the event was seen before
     * (or names another customer's bot), and nothing changes.
     */
    public Uni<Boolean> changeAttributesOnce(String eventId, long customerId, String botKey, String userId,
                                             String channel, String name, AttributeChange change) {
        // an event id is the producer's: scoped to the bot, so one tenant's ids never hide another's events
        return pool.withTransaction(transaction -> processed.firstTime(transaction, botKey + "/" + eventId).flatMap(first -> {
            if (!first) {
                return Uni.createFrom().item(false);
            }
            return users.merge(transaction, customerId, botKey, userId, channel, name, change, System.currentTimeMillis())
                    .map(merged -> withinBounds(merged) != null);
        }));
    }

    /**
     * Moves the activity of the messages' users, one statement for all. A user's messages are first
     * combined into one row (a statement may not update a row twice); a message naming a user of
     * another customer's bot changes nothing.
     */
    public Uni<Integer> recordActivity(List<UserActivity> activities) {
        Map<String, UserActivity> byUser = new LinkedHashMap<>();
        for (UserActivity activity : activities) {
            byUser.merge(activity.botKey() + "\n" + activity.userId(), activity,
                    (known, next) -> known.customerId() == next.customerId() ? known.and(next) : known);
        }
        return byUser.isEmpty() ? Uni.createFrom().item(0) : users.recordActivity(byUser.values());
    }

    /** {@code {"users":[...],"pageNumber","pageSize","totalCount"}}. */
    public record UserPage(List<User> users, int pageNumber, int pageSize, long totalCount) {
    }
}
