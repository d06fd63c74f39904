package io.floatchat.users.service;

import io.floatchat.common.api.PageRequest;
import io.floatchat.common.error.ApiException;
import io.floatchat.users.AttributeOperator;
import io.floatchat.users.User;
import io.floatchat.users.repository.AttributeSearch;
import io.floatchat.users.repository.UserRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Users of a bot: attribute changes (REST and Kafka), activity from messages, the attribute search. */
@ApplicationScoped
public class UserService {

    private final Pool pool;
    private final UserRepository users;

    public UserService(Pool pool, UserRepository users) {
        this.pool = pool;
        this.users = users;
    }

    public Uni<User> find(long customerId, String botKey, String userId) {
        return users.find(customerId, botKey, userId);
    }

    public Uni<UserPage> search(long customerId, String botKey, String name, AttributeOperator operator, String value,
                                PageRequest page) {
        AttributeSearch search = AttributeSearch.of(customerId, botKey, name, operator, value);
        return Uni.combine().all()
                .unis(users.search(search, page.pageSize(), page.offset()), users.count(search))
                .with((found, total) -> new UserPage(found, page.pageNumber(), page.pageSize(), total));
    }

    /** Creates the user when new and merges the attributes, all or nothing. */
    public Uni<User> changeAttributes(long customerId, String botKey, String userId, String channel, String name,
                                      AttributeChange change) {
        return pool.withTransaction(transaction ->
                users.merge(transaction, customerId, botKey, userId, channel, name, change, System.currentTimeMillis())
                        .map(merged -> {
                            if (merged == null) {
                                throw ApiException.invalidBotOrCustomer();
                            }
                            if (merged.attributeCount() > AttributeRules.MAX_ATTRIBUTES) {
                                throw ApiException.invalidRequest("A user can have at most " + AttributeRules.MAX_ATTRIBUTES
                                        + " attributes; this change would give it " + merged.attributeCount() + ".");
                            }
                            return merged.user();
                        }));
    }

    /**
     * The same change from Kafka, applied once per event id: false when the event was seen before
     * (or names another customer's bot), and nothing changes.
     */
    public Uni<Boolean> changeAttributesOnce(String eventId, long customerId, String botKey, String userId,
                                             String channel, String name, AttributeChange change) {
        return pool.withTransaction(transaction -> users.markProcessed(transaction, eventId).flatMap(first -> {
            if (!first) {
                return Uni.createFrom().item(false);
            }
            return users.merge(transaction, customerId, botKey, userId, channel, name, change, System.currentTimeMillis())
                    .map(merged -> {
                        if (merged == null) {
                            throw ApiException.invalidBotOrCustomer();
                        }
                        if (merged.attributeCount() > AttributeRules.MAX_ATTRIBUTES) {
                            throw ApiException.invalidRequest("more than " + AttributeRules.MAX_ATTRIBUTES + " attributes");
                        }
                        return true;
                    });
        }));
    }

    public Uni<Boolean> recordActivity(long customerId, String botKey, String userId, String channel, String name,
                                       long timestamp, boolean inbound) {
        return users.recordActivity(customerId, botKey, userId, channel, name, timestamp, inbound);
    }

    /** {@code {"users":[...],"pageNumber","pageSize","totalCount"}}. */
    public record UserPage(List<User> users, int pageNumber, int pageSize, long totalCount) {
    }
}
