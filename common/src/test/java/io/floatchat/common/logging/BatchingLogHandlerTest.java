package io.floatchat.common.logging;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.MDC;
import org.jboss.logmanager.handlers.AsyncHandler.OverflowAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BatchingLogHandlerTest {

    private final RecordingHandler target = new RecordingHandler();
    private BatchingLogHandler handler;

    @AfterEach
    void close() {
        if (handler != null) {
            handler.close();
        }
    }

    @Test
    void everyRecordFromEveryThreadIsWrittenOnceInItsThreadsOrder() throws Exception {
        handler = new BatchingLogHandler(512, OverflowAction.BLOCK, target);
        int threads = 4;
        int perThread = 2_000;
        List<CompletableFuture<Void>> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String producer = "p" + t;
            producers.add(CompletableFuture.runAsync(() -> IntStream.range(0, perThread)
                    .forEach(i -> handler.publish(record(producer + ":" + i)))));
        }
        CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(10)).until(() -> target.messages.size() == threads * perThread);
        for (int t = 0; t < threads; t++) {
            String prefix = "p" + t + ":";
            List<String> own = target.messages.stream().filter(m -> m.startsWith(prefix)).toList();
            assertThat(own).containsExactlyElementsOf(
                    IntStream.range(0, perThread).mapToObj(i -> prefix + i).toList());
        }
        assertThat(target.writerThreads).containsOnly("floatchat-log-writer");
    }

    @Test
    void theWriterFlushesOncePerBatchNotOncePerRecord() {
        handler = new BatchingLogHandler(512, OverflowAction.BLOCK, target);
        for (int i = 0; i < 200; i++) {
            handler.publish(record("line " + i));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> target.flushedCount() == 200);
        // jboss-logmanager's AsyncHandler with a console target flushes after every record: 200 here
        assertThat(target.flushes.get()).isLessThan(20);
        assertThat(target.autoFlush).as("the target's own per-record flush is turned off").isFalse();
    }

    @Test
    void aRecordCarriesTheMdcOfTheThreadThatLoggedIt() {
        handler = new BatchingLogHandler(512, OverflowAction.BLOCK, target);
        MDC.put("requestId", "r-42");
        try {
            handler.publish(record("with context"));
        } finally {
            MDC.remove("requestId");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> target.mdcRequestIds.size() == 1);
        assertThat(target.mdcRequestIds).containsExactly("r-42");
    }

    @Test
    void aFullQueueMakesTheProducerWaitAndLosesNothing() throws Exception {
        target.blockWrites();
        handler = new BatchingLogHandler(4, OverflowAction.BLOCK, target);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(
                () -> IntStream.range(0, 10).forEach(i -> handler.publish(record("line " + i))));

        await().atMost(Duration.ofSeconds(10)).until(() -> target.writesStarted.get() == 1);
        // one record is being written, four wait: the sixth cannot be queued yet
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !producer.isDone());
        target.releaseWrites();

        producer.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> target.messages.size() == 10);
        assertThat(target.messages).containsExactlyElementsOf(
                IntStream.range(0, 10).mapToObj(i -> "line " + i).toList());
    }

    @Test
    void aFullQueueDropsRecordsWhenConfiguredToDiscard() throws Exception {
        target.blockWrites();
        handler = new BatchingLogHandler(4, OverflowAction.DISCARD, target);
        handler.publish(record("first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> target.writesStarted.get() == 1);
        for (int i = 0; i < 10; i++) {
            handler.publish(record("line " + i));
        }
        target.releaseWrites();

        await().atMost(Duration.ofSeconds(10)).until(() -> target.messages.size() == 5);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2)).until(() -> target.messages.size() == 5);
        assertThat(target.messages).containsExactly("first", "line 0", "line 1", "line 2", "line 3");
    }

    @Test
    void stoppingWritesWhatWaitsAndThenWritesOnTheLoggingThread() {
        handler = new BatchingLogHandler(512, OverflowAction.BLOCK, target);
        for (int i = 0; i < 50; i++) {
            handler.publish(record("before " + i));
        }

        handler.stopBatching();
        assertThat(target.messages).hasSize(50);
        assertThat(target.flushedCount()).isEqualTo(50);

        handler.publish(record("after"));
        assertThat(target.messages).hasSize(51).last().isEqualTo("after");
        assertThat(target.writerThreads).contains(Thread.currentThread().getName());
        assertThat(target.flushedCount()).isEqualTo(51);
    }

    @Test
    void replacingAnAsyncHandlerKeepsItsBoundOverflowLevelAndTargets() {
        var async = new org.jboss.logmanager.handlers.AsyncHandler(7);
        async.setOverflowAction(OverflowAction.DISCARD);
        async.setLevel(Level.WARNING);
        async.addHandler(target);
        target.blockWrites();

        handler = BatchingLogHandler.replacing(async);
        handler.publish(record("info is below the level"));
        handler.publish(record(Level.WARNING, "first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> target.writesStarted.get() == 1);
        for (int i = 0; i < 10; i++) {
            handler.publish(record(Level.SEVERE, "line " + i));
        }
        target.releaseWrites();

        await().atMost(Duration.ofSeconds(10)).until(() -> target.messages.size() == 8);
        assertThat(target.messages).containsExactly("first", "line 0", "line 1", "line 2", "line 3", "line 4",
                "line 5", "line 6");
        assertThat(handler.getLevel()).isEqualTo(Level.WARNING);
        async.close();
    }

    private static ExtLogRecord record(String message) {
        return record(Level.INFO, message);
    }

    private static ExtLogRecord record(Level level, String message) {
        ExtLogRecord record = new ExtLogRecord(level, message, BatchingLogHandlerTest.class.getName());
        record.setLoggerName("floatchat.test");
        return record;
    }

    /** A target that records what it is given, on which thread, and how often it is flushed. */
    private static final class RecordingHandler extends ExtHandler {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<String> writerThreads = new CopyOnWriteArrayList<>();
        final List<String> mdcRequestIds = new CopyOnWriteArrayList<>();
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicInteger writesStarted = new AtomicInteger();
        private final AtomicInteger writtenSinceFlush = new AtomicInteger();
        private final AtomicInteger flushed = new AtomicInteger();
        private volatile CountDownLatch gate = new CountDownLatch(0);
        volatile boolean autoFlush = true;

        @Override
        protected void doPublish(ExtLogRecord record) {
            writesStarted.incrementAndGet();
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            messages.add(record.getMessage());
            writerThreads.add(Thread.currentThread().getName());
            String requestId = record.getMdc("requestId");
            if (requestId != null) {
                mdcRequestIds.add(requestId);
            }
            writtenSinceFlush.incrementAndGet();
            super.doPublish(record);
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
            flushed.addAndGet(writtenSinceFlush.getAndSet(0));
        }

        @Override
        public void setAutoFlush(boolean autoFlush) {
            this.autoFlush = autoFlush;
            super.setAutoFlush(autoFlush);
        }

        int flushedCount() {
            return flushed.get();
        }

        void blockWrites() {
            gate = new CountDownLatch(1);
        }

        void releaseWrites() {
            gate.countDown();
        }
    }
}
