package io.floatchat.common.logging;

import io.quarkus.test.junit.QuarkusTest;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.handlers.AsyncHandler;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogManager;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class BatchingLogInstallerTest {

    @Test
    void theAsyncConsoleHandlerIsReplacedByABatchingOneWritingToTheSameConsole() {
        List<Handler> configured = Arrays.stream(LogManager.getLogManager().getLogger("").getHandlers())
                .filter(ExtHandler.class::isInstance)
                .flatMap(parent -> Arrays.stream(((ExtHandler) parent).getHandlers()))
                .toList();

        assertThat(configured).noneMatch(AsyncHandler.class::isInstance);
        assertThat(configured).filteredOn(BatchingLogHandler.class::isInstance).singleElement()
                .satisfies(batching -> assertThat(((ExtHandler) batching).getHandlers())
                        .hasAtLeastOneElementOfType(ConsoleHandler.class));
    }
}
