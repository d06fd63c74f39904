package io.floatchat.local;

import io.floatchat.common.events.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalKafkaTest {

    @TempDir
    Path data;

    @Test
    void theTenantAnnouncementsAreKeptCompactedAsTheServicesExpect() {
        assertThat(LocalKafka.COMPACTED_TOPICS).containsExactly(Topics.TENANTS);
    }

    @Test
    void theBrokerTakesEveryRecordAServiceSends() {
        assertThat(LocalKafka.MOST_RECORD_BYTES).isEqualTo(Topics.MOST_RECORD_BYTES);
    }

    @Test
    void aPortTakenBetweenTheLookAndTheBindIsTradedForAnother() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger drawn = new AtomicInteger();
            // the first pair drawn has its broker port taken, as a connection of another process would take it
            IntSupplier ports = () -> drawn.getAndIncrement() == 0 ? taken.getLocalPort() : Ports.free();

            try (LocalKafka kafka = LocalKafka.start(data.resolve("kafka"), ports)) {
                assertThat(kafka.bootstrapServers()).isNotEqualTo("localhost:" + taken.getLocalPort());
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                    assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(LocalKafka.COMPACTED_TOPICS);
                }
            }
            assertThat(drawn).as("two pairs drawn").hasValue(4);
        }
    }

    @Test
    void aTakenControllerPortIsTradedForAnotherInsteadOfHaltingTheLauncher() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger drawn = new AtomicInteger();
            // the second port drawn is the controller's: Kafka deems its bind failing fatal and halts the JVM
            IntSupplier ports = () -> drawn.getAndIncrement() == 1 ? taken.getLocalPort() : Ports.free();

            try (LocalKafka kafka = LocalKafka.start(data.resolve("kafka"), ports)) {
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                    assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsAll(LocalKafka.COMPACTED_TOPICS);
                }
            }
            assertThat(drawn).as("two pairs drawn").hasValue(4);
        }
    }

    @Test
    void aBrokerThatCannotStartSaysWhy() throws IOException {
        Path notADirectory = Files.writeString(data.resolve("kafka"), "a file where the log should be");

        assertThatThrownBy(() -> LocalKafka.start(notADirectory))
                .isInstanceOf(LaunchException.class)
                .hasMessageStartingWith("Kafka did not start (log in " + notADirectory + "): ")
                .hasMessageContaining(notADirectory.toString());
    }
}
