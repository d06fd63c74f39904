package io.floatchat.trigger.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.common.text.UserPlaceholders;
import io.floatchat.trigger.config.FlowExecutionConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * {@code send_email}: recipient, subject and body rendered from the run's attributes by plain
 * substitution of {@code {{user.<attribute>}}} — nothing in a customer's template is evaluated — and
 * sent over SMTP (quarkus-mailer), retried with backoff ({@link StepRetries}). Each attempt — connecting,
 * the SMTP dialogue and its answers — has {@code floatchat.flows.call-timeout}: the mailer has no
 * socket timeouts of its own to set, so a server that answers a byte a second would otherwise hold
 * the step, its run and its bot's slot for as long as it likes.
 */
@ApplicationScoped
public class EmailSender {

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>\",]{1,64}@[^@\\s<>\",]{1,255}\\.[A-Za-z]{2,63}");
    private final ReactiveMailer mailer;
    private final Duration timeout;

    public EmailSender(ReactiveMailer mailer, FlowExecutionConfig config) {
        this.mailer = mailer;
        this.timeout = config.callTimeout();
    }

    public Uni<StepOutcome> send(JsonNode step, JsonNode attributes) {
        JsonNode profile = UserPlaceholders.profileOf(attributes);
        String to = UserPlaceholders.render(step.path("to").asText(), profile).trim();
        if (!ADDRESS.matcher(to).matches()) {
            return Uni.createFrom().item(new StepOutcome(0, "'to' is not an e-mail address once filled in: '" + to + "'"));
        }
        Mail mail = Mail.withText(to, UserPlaceholders.render(step.path("subject").asText(), profile).replaceAll("[\\r\\n]+", " "),
                UserPlaceholders.render(step.path("body").asText(), profile));
        AtomicInteger attempts = new AtomicInteger();
        return StepRetries.retried(Uni.createFrom().deferred(() -> {
                    attempts.incrementAndGet();
                    return mailer.send(mail).ifNoItem().after(timeout)
                            .failWith(() -> new TimeoutException("no answer from the SMTP server within " + timeout.toMillis() + " ms"));
                }), failure -> true)
                .map(sent -> new StepOutcome(attempts.get(), null))
                .onFailure().recoverWithItem(failure -> new StepOutcome(attempts.get(), "SMTP: " + failure.getMessage()));
    }
}
