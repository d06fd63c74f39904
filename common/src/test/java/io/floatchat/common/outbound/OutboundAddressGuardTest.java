package io.floatchat.common.outbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** URLs as a tenant would configure them, through the guard as every service uses it. */
class OutboundAddressGuardTest {

    private static final OutboundAddressGuard STRICT = guard(false);
    private static final OutboundAddressGuard LOCAL = guard(true);

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://localhost/hook", "https://2130706433/hook", "https://[::1]/hook",
            "https://[::ffff:127.0.0.1]/hook", "https://10.1.2.3/hook", "https://172.16.0.1/hook", "https://192.168.1.10/hook",
            "https://100.64.0.1/hook", "https://[fc00::1]/hook", "https://[fd12:3456::1]/hook"})
    void privateAndLoopbackAddressesAreRefusedUnlessTheOperatorAllowsThem(String url) {
        assertThatThrownBy(() -> vet(STRICT, url)).isInstanceOf(OutboundRefusedException.class)
                .hasMessageContaining("loopback or private");
        assertThat(vet(LOCAL, url).address()).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://169.254.169.254/latest/meta-data", "https://[fe80::1]/x", "https://[::ffff:169.254.169.254]/x",
            "https://2852039166/x", "https://224.0.0.1/x", "https://0.0.0.0/x", "https://[::]/x", "https://0.1.2.3/x",
            "https://[64:ff9b::a9fe:a9fe]/x", "https://[2002:a9fe:a9fe::1]/x", "https://[::a9fe:a9fe]/x",
            "https://198.18.0.1/x", "https://240.0.0.1/x", "https://255.255.255.255/x", "https://[ff02::1]/x",
            "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x"})
    void forbiddenAddressesAreRefusedEvenWhenPrivateNetworksAreAllowed(String url) {
        assertThatThrownBy(() -> vet(LOCAL, url)).isInstanceOf(OutboundRefusedException.class)
                .hasMessageStartingWith("its host resolves to");
    }

    @Test
    void aRefusalNeverNamesTheAddressANameResolvedTo() {
        assertThatThrownBy(() -> vet(STRICT, "https://localhost:8443/hook"))
                .hasMessageNotContaining("127.0.0.1").hasMessageNotContaining("0:0:0:0:0:0:0:1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/x", "file:///etc/passwd", "gopher://example.com/", "//example.com/x", "x",
            "https:///no-host", "https://user:pass@example.com/x", "https://user@example.com/x", "https://example.com/x#top"})
    void otherSchemesUserInfoAndFragmentsAreRefusedByForm(String url) {
        assertThatThrownBy(() -> LOCAL.checkForm(url, OutboundUrls.Kind.ENDPOINT)).isInstanceOf(OutboundRefusedException.class);
    }

    @Test
    void aBaseUrlTakesNoQueryButAnEndpointMay() {
        assertThatThrownBy(() -> STRICT.checkForm("https://graph.example.com/latest/meta-data?", OutboundUrls.Kind.BASE_URL))
                .hasMessageContaining("query");
        assertThatThrownBy(() -> STRICT.checkForm("https://graph.example.com/x?a=1", OutboundUrls.Kind.BASE_URL))
                .hasMessageContaining("query");
        assertThat(STRICT.checkForm("https://crm.example.com/hook?tenant=7", OutboundUrls.Kind.ENDPOINT).getRawQuery())
                .isEqualTo("tenant=7");
    }

    @Test
    void plainHttpOnlyWhereTheOperatorAllowsPrivateNetworks() {
        assertThatThrownBy(() -> STRICT.checkForm("http://crm.example.com/hook", OutboundUrls.Kind.ENDPOINT))
                .hasMessageContaining("https");
        assertThatThrownBy(() -> vet(STRICT, "http://169.254.169.254/latest/meta-data?")).hasMessageContaining("https");
        assertThat(LOCAL.checkForm("http://crm.example.com/hook", OutboundUrls.Kind.ENDPOINT).getHost()).isEqualTo("crm.example.com");
    }

    @Test
    void aHexHostAndAnUnknownNameDoNotResolve() {
        assertThatThrownBy(() -> vet(LOCAL, "https://0x7f000001/x")).hasMessageContaining("does not resolve");
        assertThatThrownBy(() -> vet(LOCAL, "https://no-such-host.invalid/x")).hasMessageContaining("does not resolve");
    }

    @Test
    void whenConfiguredAHostThatDoesNotResolveYetPassesButAForbiddenOneDoesNot() {
        STRICT.vetConfigured("https://no-such-host.invalid/hook", OutboundUrls.Kind.ENDPOINT).await().atMost(Duration.ofSeconds(10));
        assertThatThrownBy(() -> STRICT.vetConfigured("https://localhost/hook", OutboundUrls.Kind.ENDPOINT)
                .await().atMost(Duration.ofSeconds(10))).hasMessageContaining("loopback or private");
        assertThatThrownBy(() -> STRICT.vetConfigured("https://169.254.169.254/latest", OutboundUrls.Kind.BASE_URL)
                .await().atMost(Duration.ofSeconds(10))).hasMessageContaining("link-local");
    }

    @Test
    void aPublicAddressPassesAndIsTheOneToConnectTo() {
        Destination destination = vet(STRICT, "https://93.184.216.34:8443/v21.0/123/messages");
        assertThat(destination.address().getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(destination.port()).isEqualTo(8443);
        assertThat(destination.pathAndQuery()).isEqualTo("/v21.0/123/messages");
        assertThat(destination.server().port()).isEqualTo(8443);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "93.184.216.34", "0.0.0.0", "255.255.255.255", "[::1]", "[::ffff:127.0.0.1]"})
    void anIpLiteralIsOnlyParsedSoItIsCheckedWithoutLeavingTheCallersThread(String host) {
        assertThat(OutboundAddressGuard.needsLookup(host)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "hooks.example.com", "2130706433", "127.1", "256.0.0.1", "010.0.0.1", "1.2.3.4.5",
            "1..2.3", "0x7f.0.0.1", "1.2.3.4.example.com"})
    void anythingElseMayAskANameServerSoItIsResolvedOnAWorker(String host) {
        assertThat(OutboundAddressGuard.needsLookup(host)).isTrue();
    }

    @Test
    void pastItsTtlAKnownHostIsCalledAtOnceWhileItsLookupIsRefreshedAndTheRefreshedAnswerIsVettedToo() throws Exception {
        AtomicLong clock = new AtomicLong();
        CountDownLatch nameServerAnswers = new CountDownLatch(1);
        AtomicInteger lookups = new AtomicInteger();
        ThreadPoolExecutor lookupThreads = (ThreadPoolExecutor) Executors.newFixedThreadPool(1);
        OutboundAddressGuard guard = new OutboundAddressGuard(config(false), host -> {
            if (lookups.incrementAndGet() == 1) {
                return new InetAddress[]{address("93.184.216.34")};
            }
            // the name server is slow, and then the name is rebound to a private address
            waitFor(nameServerAnswers);
            return new InetAddress[]{address("10.0.0.7")};
        }, clock::get, lookupThreads);
        try {
            assertThat(vet(guard, "https://crm.example.com/hook").address().getHostAddress()).isEqualTo("93.184.216.34");
            settled(lookupThreads);

            clock.addAndGet(Duration.ofSeconds(31).toNanos());
            // the refresh waits on the name server; the call does not
            assertThat(vet(guard, "https://crm.example.com/hook").address().getHostAddress()).isEqualTo("93.184.216.34");
            await().atMost(Duration.ofSeconds(10)).untilAtomic(lookups, equalTo(2));

            nameServerAnswers.countDown();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThatThrownBy(() -> vet(guard, "https://crm.example.com/hook")).hasMessageContaining("loopback or private"));
        } finally {
            lookupThreads.shutdownNow();
        }
    }

    @Test
    void aRefreshThatFindsNoAddressKeepsTheKnownOnesAndACallerGivingUpCancelsOnlyItsOwnWait() throws Exception {
        AtomicLong clock = new AtomicLong();
        AtomicInteger lookups = new AtomicInteger();
        CountDownLatch firstAnswer = new CountDownLatch(1);
        ThreadPoolExecutor lookupThreads = (ThreadPoolExecutor) Executors.newCachedThreadPool();
        OutboundAddressGuard guard = new OutboundAddressGuard(config(false), host -> {
            if (host.startsWith("slow.")) {
                waitFor(firstAnswer);
                return new InetAddress[]{address("93.184.216.36")};
            }
            // a name server that answers once, then times out (which Java reads as an unknown host)
            return lookups.incrementAndGet() == 1 ? new InetAddress[]{address("93.184.216.34")} : new InetAddress[0];
        }, clock::get, lookupThreads);
        try {
            assertThat(vet(guard, "https://crm.example.com/hook").address().getHostAddress()).isEqualTo("93.184.216.34");
            settled(lookupThreads);
            clock.addAndGet(Duration.ofSeconds(31).toNanos());
            vet(guard, "https://crm.example.com/hook");
            await().atMost(Duration.ofSeconds(10)).untilAtomic(lookups, equalTo(2));
            assertThat(vet(guard, "https://crm.example.com/hook").address().getHostAddress()).isEqualTo("93.184.216.34");

            // two callers wait for one first lookup; one gives up
            CompletableFuture<Destination> impatient = guard.vet("https://slow.example.com/hook", OutboundUrls.Kind.ENDPOINT)
                    .ifNoItem().after(Duration.ofMillis(50)).fail().subscribeAsCompletionStage();
            CompletableFuture<Destination> patient = guard.vet("https://slow.example.com/hook", OutboundUrls.Kind.ENDPOINT).subscribeAsCompletionStage();
            await().atMost(Duration.ofSeconds(10)).until(impatient::isDone);
            firstAnswer.countDown();
            assertThat(patient.get(10, TimeUnit.SECONDS).address().getHostAddress()).isEqualTo("93.184.216.36");
        } finally {
            lookupThreads.shutdownNow();
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the lookup that answered has finished its task. The cache stamps an answer's write
     * time when it files the answer, which can come just after the caller was handed it: moving the
     * test's clock in between would stamp the answer 31 s late and no refresh would be due (the CI run
     * of c51f395 failed so). With a real clock the difference is microseconds.
     */
    private static void settled(ThreadPoolExecutor lookupThreads) {
        await().atMost(Duration.ofSeconds(10)).until(() -> lookupThreads.getCompletedTaskCount() == lookupThreads.getTaskCount());
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Destination vet(OutboundAddressGuard guard, String url) {
        return guard.vet(url, OutboundUrls.Kind.ENDPOINT).await().atMost(Duration.ofSeconds(10));
    }

    private static OutboundAddressGuard guard(boolean allowPrivateNetworks) {
        return new OutboundAddressGuard(config(allowPrivateNetworks));
    }

    private static OutboundConfig config(boolean allowPrivateNetworks) {
        return new OutboundConfig() {
            @Override
            public boolean allowPrivateNetworks() {
                return allowPrivateNetworks;
            }

            @Override
            public Duration resolvedAddressTtl() {
                return Duration.ofSeconds(30);
            }
        };
    }
}
