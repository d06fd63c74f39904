package io.floatchat.common.logging;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.handlers.AsyncHandler;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;

/**
 * Hands log records to one writer thread, as jboss-logmanager's {@link AsyncHandler} does, but wakes
 * that thread once per batch instead of once per record, and flushes once per batch.
 * <p>
 * Why: with an access-log line per request, the asynchronous handler's per-record hand-off (a
 * blocking queue's signal, the writer parked and unparked, a flush) was 8-10 % of a saturated
 * gateway's CPU (bench/README.md). Writing on the event loop instead is cheaper but put the console
 * in the request's tail. Here a producer only appends to a lock-free queue; it wakes the writer only
 * when the writer sleeps, and the writer then lets {@link #LINGER_NANOS} of records gather before it
 * writes them all.
 * <p>
 * Bounded like the handler it replaces: at most {@code capacity} records wait; beyond that a
 * producer waits for room ({@link AsyncHandler.OverflowAction#BLOCK}) or the record is dropped
 * ({@code DISCARD}). After {@link #stopBatching()} (application shutdown) records are written by
 * the thread that logs them, so the last lines of a process are never left in a queue.
 */
public final class BatchingLogHandler extends ExtHandler {

    /** Long enough to gather a batch at thousands of lines a second; short enough to read logs live. */
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** How long a producer waits before looking again for room in a full queue (overflow BLOCK). */
    private static final long FULL_QUEUE_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    /** How long {@link #stopBatching()} waits for the writer to finish what it holds. */
    private static final long STOP_WAIT_MILLIS = 1_000;

    private final Queue<ExtLogRecord> records = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean writerAsleep = new AtomicBoolean();
    private final int capacity;
    private final boolean discardWhenFull;
    private final boolean callerCalculationRequired;
    private final Thread writer;
    private volatile boolean stopped;

    /**
     * @param capacity records that may wait for the writer
     * @param overflow what a producer does when that many wait
     * @param children the handlers the writer publishes to; their auto-flush is turned off, since
     *        the writer flushes them once per batch
     */
    public BatchingLogHandler(int capacity, AsyncHandler.OverflowAction overflow, Handler... children) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.discardWhenFull = overflow == AsyncHandler.OverflowAction.DISCARD;
        for (Handler child : children) {
            if (child instanceof ExtHandler extChild) {
                extChild.setAutoFlush(false);
            }
        }
        setHandlers(children);
        setAutoFlush(false);
        // fixed children, so whether a record must carry its caller is known once, not asked per record
        this.callerCalculationRequired = isCallerCalculationRequired();
        this.writer = new Thread(this::writeBatches, "floatchat-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** A handler that takes the place of {@code replaced}: same bound, overflow, level, filter and children. */
    public static BatchingLogHandler replacing(AsyncHandler replaced) {
        BatchingLogHandler handler = new BatchingLogHandler(
                replaced.getQueueLength(), replaced.getOverflowAction(), replaced.getHandlers());
        handler.setLevel(replaced.getLevel());
        handler.setFilter(replaced.getFilter());
        handler.setErrorManager(replaced.getErrorManager());
        return handler;
    }

    @Override
    protected void doPublish(ExtLogRecord record) {
        if (Thread.currentThread() == writer) {
            return; // a child reporting about its own write would queue records forever
        }
        prepareForAnotherThread(record);
        if (stopped) {
            publishToNestedHandlers(record);
            flush();
            return;
        }
        if (!reserveRoom()) {
            return;
        }
        records.offer(record);
        if (writerAsleep.get() && writerAsleep.compareAndSet(true, false)) {
            LockSupport.unpark(writer);
        }
        if (stopped) {
            writeQueued(); // stopping raced this record past the writer's last pass: write it here
            flush();
        }
    }

    /**
     * Writes what waits, then has every later record written by the thread that logs it. Called when
     * the application shuts down; the writer thread ends.
     */
    public void stopBatching() {
        if (stopped) {
            return;
        }
        stopped = true;
        LockSupport.unpark(writer);
        try {
            writer.join(STOP_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeQueued();
        flush();
    }

    @Override
    public void close() throws SecurityException {
        stopBatching();
        super.close();
    }

    private void prepareForAnotherThread(ExtLogRecord record) {
        if (callerCalculationRequired) {
            record.copyAll();
        } else {
            record.disableCallerCalculation();
            record.copyMdc();
        }
    }

    private boolean reserveRoom() {
        for (;;) {
            int waiting = queued.get();
            if (waiting < capacity) {
                if (queued.compareAndSet(waiting, waiting + 1)) {
                    return true;
                }
            } else if (discardWhenFull) {
                return false;
            } else if (stopped) {
                queued.incrementAndGet(); // the writer has gone: its producer writes this record at once
                return true;
            } else {
                LockSupport.unpark(writer); // a full queue cannot wait for the linger to end
                LockSupport.parkNanos(this, FULL_QUEUE_RETRY_NANOS);
            }
        }
    }

    private void writeBatches() {
        while (!stopped) {
            try {
                writeQueued();
                flush();
                sleepUntilWoken();
                LockSupport.parkNanos(this, LINGER_NANOS);
            } catch (RuntimeException e) {
                reportError("Log writer failed; continuing", e, ErrorManager.WRITE_FAILURE);
            }
        }
    }

    private void sleepUntilWoken() {
        writerAsleep.set(true);
        // a producer that queued after the last pass either sees writerAsleep and unparks, or is seen here
        if (records.isEmpty() && !stopped) {
            LockSupport.park(this);
        }
        writerAsleep.set(false);
    }

    private void writeQueued() {
        ExtLogRecord record;
        while ((record = records.poll()) != null) {
            queued.decrementAndGet();
            publishToNestedHandlers(record);
        }
    }
}
