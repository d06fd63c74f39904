package io.floatchat.conversations.service;

import io.floatchat.common.api.PageRequest;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import io.floatchat.common.events.MessageEvent;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.conversations.HistoryCursor;
import io.floatchat.conversations.HistoryWindow;
import io.floatchat.conversations.Message;
import io.floatchat.conversations.repository.MessageRepository.BotMessage;
import io.floatchat.conversations.repository.MessageRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/** The message history of a bot's users: reading it page by page, and recording messages. */
@ApplicationScoped
public class ConversationService {

    private static final int DEFAULT_PAGE_SIZE = 500;

    private final Pool pool;
    private final MessageRepository messages;
    private final Outbox outbox;

    public ConversationService(Pool pool, MessageRepository messages, Outbox outbox) {
        this.pool = pool;
        this.messages = messages;
        this.outbox = outbox;
    }

    public Uni<HistoryPage> history(long customerId, String botKey, String userId, String startDate, String endDate,
                                    String pageNumber, String pageSize, String cursorText) {
        HistoryWindow window = HistoryWindow.of(startDate, endDate, System.currentTimeMillis());
        PageRequest page = PageRequest.of(pageNumber, pageSize, DEFAULT_PAGE_SIZE);
        HistoryCursor cursor = HistoryCursor.decode(cursorText);
        // one more than the page: whether there is a next page, without another query
        Uni<List<Message>> rows = cursor == null
                ? messages.page(customerId, botKey, userId, window, page.pageSize() + 1, page.offset())
                : messages.after(customerId, botKey, userId, window, cursor, page.pageSize() + 1);
        return Uni.combine().all()
                .unis(messages.userHasMessages(customerId, botKey, userId),
                        messages.count(customerId, botKey, userId, window), rows)
                .with((known, total, found) -> {
                    if (!known) {
                        throw new ApiException(ErrorCode.INVALID_BOT_OR_CUSTOMER_ID, "No messages of user " + userId
                                + " in this bot.");
                    }
                    boolean more = found.size() > page.pageSize();
                    List<Message> shown = more ? found.subList(0, page.pageSize()) : found;
                    Message last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
                    String next = more ? new HistoryCursor(last.timestamp(), last.messageId()).encode() : null;
                    long pages = (total + page.pageSize() - 1) / page.pageSize();
                    return new HistoryPage(List.copyOf(shown), cursor == null ? page.pageNumber() : null,
                            page.pageSize(), total, pages, next);
                });
    }

    /**
     * Records a message and announces it on {@code floatchat.messages.v1} (users-service moves the
     * user's activity), in one transaction; a message id the bot already has changes nothing.
     */
    public Uni<Recorded> record(long customerId, String botKey, Message message) {
        MessageEvent event = new MessageEvent(UUID.randomUUID().toString(), customerId, botKey, message.userId(),
                message.channel(), message.messageId(), message.direction(), message.type(), message.text(),
                message.payload(), message.timestamp(), message.broadcastId(), null);
        return pool.withTransaction(transaction -> messages.insert(transaction, customerId, botKey, message)
                        .call(stored -> stored ? outbox.append(transaction, event) : Uni.createFrom().voidItem()))
                .flatMap(stored -> messages.find(customerId, botKey, message.messageId())
                        .map(existing -> {
                            if (existing == null) {
                                // the id is taken in this bot under another customer: nothing to show
                                throw ApiException.invalidBotOrCustomer();
                            }
                            return new Recorded(existing, stored);
                        }));
    }

    /** Stores messages from Kafka, each once; no event: they came from one. */
    public Uni<Integer> ingest(List<BotMessage> batch) {
        return batch.isEmpty() ? Uni.createFrom().item(0) : messages.insertAll(batch);
    }

    /** {@code {"messages":[...],"pageNumber","pageSize","totalCount","totalPages","nextCursor"}}. */
    public record HistoryPage(List<Message> messages, Integer pageNumber, int pageSize, long totalCount,
                              long totalPages, String nextCursor) {
    }

    /** The stored message, and whether this call stored it (false: it was there already). */
    public record Recorded(Message message, boolean created) {
    }
}
