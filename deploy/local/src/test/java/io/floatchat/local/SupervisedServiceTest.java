package io.floatchat.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The launcher keeps a service running: real child JVMs (StubService), killed and hung as a crash would. */
class SupervisedServiceTest {

    private static final RestartPolicy QUICK = new RestartPolicy(Duration.ofMillis(200), Duration.ofSeconds(1),
            Duration.ofMillis(300), Duration.ofSeconds(2), 3, Duration.ofMinutes(10));

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> console = new CopyOnWriteArrayList<>();
    private final List<Long> starts = Collections.synchronizedList(new ArrayList<>());
    private SupervisedService supervised;
    private long startMillis;
    private RestartPolicy policy = QUICK;

    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        if (supervised != null) {
            supervised.stop(Duration.ofSeconds(5));
        }
        scheduler.shutdownNow();
    }

    @Test
    void aServiceKilledWithSigkillIsStartedAgainOnItsPortAndTheConsoleSaysSo() {
        int port = Ports.free();
        supervised = supervise(port, false);
        supervised.awaitReady();
        ProcessHandle first = supervised.current().process().toHandle();

        first.destroyForcibly();

        await().atMost(Duration.ofSeconds(30)).until(() -> supervised.current().process().pid() != first.pid()
                && supervised.current().isLive());
        assertThat(supervised.current().port()).isEqualTo(port);
        assertThat(console).anySatisfy(line -> assertThat(line)
                .startsWith("!! users-service stopped unexpectedly (exit code 137); starting it again in 300 ms (restart 1 of"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(console)
                .anySatisfy(line -> assertThat(line).contains("users-service is running again (pid "
                        + supervised.current().process().pid() + ")")));
    }

    @Test
    void aServiceWhoseLivenessStaysDownIsReplacedAfterItsGrace() throws Exception {
        supervised = supervise(Ports.free(), false);
        supervised.awaitReady();
        ServiceProcess hung = supervised.current();

        Files.writeString(directory.resolve("unlive"), Long.toString(hung.process().pid()));

        await().atMost(Duration.ofSeconds(30)).until(() -> supervised.current() != hung && supervised.current().isLive());
        assertThat(hung.process().isAlive()).as("the unlive JVM is stopped, not left beside its replacement").isFalse();
        assertThat(console).anySatisfy(line -> assertThat(line).startsWith("!! users-service was not live for 1 s"));
    }

    @Test
    void aServiceThatKeepsCrashingIsRestartedWithGrowingBackoffThenLeftStopped() {
        supervised = supervise(Ports.free(), true);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(console)
                .anySatisfy(line -> assertThat(line).contains("restarted 3 times in 10 min, so it stays stopped")));

        assertThat(starts).as("the first start and three restarts, no more").hasSize(4);
        // waits of 300 ms, 600 ms, 1.2 s before restarts 1, 2 and 3
        assertThat(starts.get(1) - starts.get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(starts.get(2) - starts.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(600).toNanos());
        assertThat(starts.get(3) - starts.get(2)).isGreaterThanOrEqualTo(Duration.ofMillis(1200).toNanos());
        assertThat(console).anySatisfy(line -> assertThat(line).isEqualTo("   | stub: refusing to start"));
    }

    @Test
    void aPlannedRestartOrStopIsNotACrash() {
        supervised = supervise(Ports.free(), false);
        supervised.awaitReady();
        ProcessHandle first = supervised.current().process().toHandle();

        supervised.restart(Duration.ofSeconds(5));
        ProcessHandle second = supervised.current().process().toHandle();
        supervised.stop(Duration.ofSeconds(5));

        assertThat(first.isAlive()).isFalse();
        assertThat(second.pid()).isNotEqualTo(first.pid());
        await().atMost(Duration.ofSeconds(5)).until(() -> !second.isAlive());
        assertThat(starts).hasSize(2);
        assertThat(console).isEmpty();
    }

    @Test
    void aPlannedRestartDuringACrashsBackoffTakesItsPlaceAndLeavesOneJvm() {
        policy = new RestartPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2),
                3, Duration.ofMinutes(10));
        supervised = supervise(Ports.free(), false);
        supervised.awaitReady();
        ProcessHandle crashed = supervised.current().process().toHandle();
        crashed.destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> console.stream().anyMatch(line -> line.contains("starting it again in 2 s")));

        supervised.restart(Duration.ofSeconds(5));

        // past the crash's backoff: its restart never happens, and one stub runs
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> runningStubs() == 1
                && starts.size() == 2);
        assertThat(supervised.current().isLive()).isTrue();
    }

    @Test
    void aServiceThatStaysUnliveWhenItsRestartsAreSpentIsStoppedNotLeftRunning() throws Exception {
        policy = new RestartPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(2),
                0, Duration.ofMinutes(10));
        supervised = supervise(Ports.free(), false);
        supervised.awaitReady();
        ProcessHandle hung = supervised.current().process().toHandle();

        Files.writeString(directory.resolve("unlive"), Long.toString(hung.pid()));

        await().atMost(Duration.ofSeconds(30)).until(() -> !hung.isAlive());
        assertThat(console).anySatisfy(line -> assertThat(line).contains("was not live for 1 s: restarted 0 times in 10 min, "
                + "so it stays stopped"));
        assertThat(starts).hasSize(1);
    }

    @Test
    void theBackoffDoublesUpToItsLongest() {
        RestartPolicy policy = RestartPolicy.DEFAULT;
        assertThat(List.of(policy.backoff(0), policy.backoff(1), policy.backoff(2), policy.backoff(5), policy.backoff(40)))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(30),
                        Duration.ofSeconds(30));
    }

    @Test
    void aServiceStillStartingIsNotJudgedByItsLiveness() {
        startMillis = 2_500; // more than twice the liveness grace

        supervised = supervise(Ports.free(), false);
        supervised.awaitReady();

        assertThat(starts).hasSize(1);
        assertThat(console).isEmpty();
    }

    private SupervisedService supervise(int port, boolean crash) {
        Path classes = Path.of(System.getProperty("user.dir"), "target", "test-classes");
        List<String> command = List.of(ServiceProcess.java(), "-Xmx32m", "-cp", classes.toString(),
                StubService.class.getName());
        Map<String, String> environment = Map.of("STUB_UNLIVE_FILE", directory.resolve("unlive").toString(),
                "STUB_CRASH", Boolean.toString(crash), "STUB_START_MILLIS", Long.toString(startMillis));
        Path log = directory.resolve("users-service.log");
        return SupervisedService.start("users-service", () -> {
            starts.add(System.nanoTime());
            return ServiceProcess.start(PlatformService.USERS, command, port, environment, log);
        }, policy, console::add, scheduler);
    }

    /** This test's stub JVMs still running. */
    private static long runningStubs() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(child -> child.info().commandLine().orElse("").contains(StubService.class.getName())).count();
    }
}
