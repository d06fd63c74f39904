package io.floatchat.common.logging;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.handlers.AsyncHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogManager;

/**
 * Puts a {@link BatchingLogHandler} in the place of every asynchronous handler Quarkus configured
 * ({@code quarkus.log.console.async.*}, and the file's if enabled), keeping its queue length,
 * overflow action, level and targets. Quarkus builds its handlers itself, with no hook for another
 * kind, so the swap happens once the application has started; the few lines logged before go
 * through Quarkus' own handler, which is closed after it has written them.
 */
@ApplicationScoped
public class BatchingLogInstaller {

    private final List<BatchingLogHandler> installed = new ArrayList<>();

    void install(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        List<BatchingLogHandler> batching = new ArrayList<>();
        for (Handler rootHandler : LogManager.getLogManager().getLogger("").getHandlers()) {
            if (rootHandler instanceof ExtHandler parent) {
                batching.addAll(replaceAsyncChildren(parent));
            }
        }
        synchronized (installed) {
            installed.addAll(batching);
        }
    }

    /** From here on lines are written as they are logged: the process may exit before a writer wakes. */
    void stop(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 1_000) ShutdownEvent event) {
        synchronized (installed) {
            installed.forEach(BatchingLogHandler::stopBatching);
            installed.clear();
        }
    }

    /** The batching handlers now among {@code parent}'s children. */
    private static List<BatchingLogHandler> replaceAsyncChildren(ExtHandler parent) {
        Handler[] children = parent.getHandlers();
        List<AsyncHandler> replaced = new ArrayList<>();
        List<BatchingLogHandler> batching = new ArrayList<>();
        for (int i = 0; i < children.length; i++) {
            if (children[i] instanceof AsyncHandler async) {
                BatchingLogHandler replacement = BatchingLogHandler.replacing(async);
                children[i] = replacement;
                replaced.add(async);
                batching.add(replacement);
            }
        }
        if (replaced.isEmpty()) {
            return batching;
        }
        parent.setHandlers(children);
        for (AsyncHandler async : replaced) {
            async.setCloseChildren(false); // its targets now belong to the batching handler
            async.close(); // its thread writes what it still holds, then ends
        }
        return batching;
    }
}
