package io.floatchat.trigger.client;

import io.floatchat.common.outbound.BoundedBody;
import io.floatchat.common.outbound.Destination;
import io.floatchat.common.outbound.OutboundAddressGuard;
import io.floatchat.common.outbound.OutboundRefusedException;
import io.floatchat.common.outbound.OutboundUrls;
import io.floatchat.trigger.SigningSecrets;
import io.floatchat.trigger.config.FlowExecutionConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code call_webhook}: the run as JSON, signed {@code X-FloatChat-Signature: sha256=<HMAC of the body>}
 * with the bot's secret; each attempt within {@code floatchat.flows.call-timeout} (connecting, the
 * headers and the body, of which at most 64 KB is read); retried with backoff on 5xx and network
 * errors ({@link StepRetries}); at most 3 redirects, each target vetted again. The request goes to the address {@link OutboundAddressGuard}
 * vetted, not to a second lookup of the name, so DNS cannot be switched under it.
 */
@ApplicationScoped
public class WebhookCaller {

    private static final int MAX_REDIRECTS = 3;
    /** How much of a response is read (for the error message); the rest is discarded. */
    private static final int RESPONSE_CAP = 64 * 1024;

    private final HttpClient http;
    private final OutboundAddressGuard guard;
    private final long timeoutMillis;

    public WebhookCaller(Vertx vertx, OutboundAddressGuard guard, FlowExecutionConfig config) {
        this.timeoutMillis = config.callTimeout().toMillis();
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) timeoutMillis)
                .setMaxPoolSize(50).setVerifyHost(true));
        this.guard = guard;
    }

    /** Accepted when the receiver answers 2xx; the problem says why not. */
    public Uni<StepOutcome> call(String url, String method, String body, SigningSecrets secrets) {
        String signature = secrets.signatureHeader(body, System.currentTimeMillis());
        AtomicInteger attempts = new AtomicInteger();
        return StepRetries.retried(Uni.createFrom().deferred(() -> {
                    attempts.incrementAndGet();
                    return attempt(url, method, body, signature, 0);
                }), Retryable.class::isInstance)
                .map(problem -> new StepOutcome(attempts.get(), problem))
                // a failure is never a success: a problem without a message still names itself
                .onFailure().recoverWithItem(failure -> new StepOutcome(attempts.get(), failure.getMessage() != null
                        ? failure.getMessage() : "the call to " + hostOf(url) + " failed: " + failure.getClass().getSimpleName()));
    }

    private Uni<String> attempt(String url, String method, String body, String signature, int redirects) {
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        // the whole attempt — finding the address, connecting, the answer's head and its body — within the
        // timeout: one deadline for all of it (a per-read timeout would let a byte a second go on for ever)
        return guard.vet(url, OutboundUrls.Kind.ENDPOINT)
                .onFailure(OutboundAddressGuard::isUnresolved).transform(unresolved -> new Retryable(safe(url) + ": "
                        + unresolved.getMessage() + " now"))
                .onFailure(OutboundRefusedException.class).transform(refused -> new Refused("refused " + safe(url) + ": " + refused.getMessage()))
                .flatMap(destination -> send(destination, method, body, signature, sent)
                        .flatMap(response -> outcome(destination.url(), response)))
                .ifNoItem().after(Duration.ofMillis(timeoutMillis)).failWith(() -> {
                    HttpClientRequest request = sent.get();
                    if (request != null) {
                        request.reset();
                    }
                    return new Retryable("no whole answer from " + hostOf(url) + " within " + timeoutMillis + " ms");
                })
                .onFailure(failure -> !(failure instanceof Refused) && !(failure instanceof Retryable))
                .transform(failure -> new Retryable("cannot reach " + hostOf(url) + ": " + failure))
                .flatMap(result -> {
                    if (result instanceof Redirect redirect) {
                        if (redirects >= MAX_REDIRECTS) {
                            return Uni.createFrom().item("more than " + MAX_REDIRECTS + " redirects");
                        }
                        return attempt(redirect.to().toString(), method, body, signature, redirects + 1);
                    }
                    return Uni.createFrom().item(((Outcome) result).problem());
                });
    }

    private static Uni<Result> outcome(URI url, HttpClientResponse response) {
        int status = response.statusCode();
        String location = response.getHeader("Location");
        return BoundedBody.read(response, RESPONSE_CAP).map(text -> {
            if (status >= 300 && status < 400 && location != null) {
                return new Redirect(url.resolve(location));
            }
            if (status >= 500) {
                throw new Retryable("HTTP " + status + " from " + url.getHost());
            }
            return status >= 200 && status < 300 ? new Outcome(null)
                    : new Outcome("HTTP " + status + " from " + url.getHost() + ": " + abbreviate(text));
        });
    }

    private Uni<HttpClientResponse> send(Destination destination, String method, String body, String signature,
                                         AtomicReference<HttpClientRequest> sent) {
        String host = destination.host();
        RequestOptions options = new RequestOptions()
                .setMethod("PUT".equals(method) ? HttpMethod.PUT : HttpMethod.POST)
                .setServer(destination.server())
                .setHost(host).setPort(destination.port()).setSsl(destination.https()).setURI(destination.pathAndQuery())
                .setFollowRedirects(false)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "FloatChat-Webhook/1.0")
                .putHeader(SigningSecrets.HEADER, signature);
        return http.request(options).invoke(sent::set).flatMap(request -> request.send(Buffer.buffer(body)))
                .onFailure(failure -> !(failure instanceof Refused))
                .transform(failure -> new Retryable("cannot reach " + host + ": " + failure.getMessage()));
    }

    /** The host a step's error names (the URL passed the guard's form check, or the attempt was refused before). */
    private static String hostOf(String url) {
        try {
            return abbreviate(String.valueOf(URI.create(url).getHost()));
        } catch (IllegalArgumentException e) {
            return "the receiver";
        }
    }

    /** A URL as a step's error shows it: without its query, which may hold the receiver's own token. */
    private static String safe(String url) {
        int query = url.indexOf('?');
        return abbreviate(query < 0 ? url : url.substring(0, query));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private sealed interface Result permits Redirect, Outcome {
    }

    private record Redirect(URI to) implements Result {
    }

    private record Outcome(String problem) implements Result {
    }

    /** Worth another attempt: 5xx, timeouts, connection errors. */
    private static final class Retryable extends RuntimeException {
        Retryable(String message) {
            super(message, null, false, false);
        }
    }

    /** The guard said no: never retried. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
