package io.floatchat.trigger.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.common.text.UserPlaceholders;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * {@code send_email}: recipient, subject and body rendered from the run's attributes by plain
 * substitution of {@code {{user.<attribute>}}} — nothing in a customer's template is evaluated — and
 * sent over SMTP (quarkus-mailer), retried with backoff.
 */
@ApplicationScoped
public class EmailSender {

    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>\",]{1,64}@[^@\\s<>\",]{1,255}\\.[A-Za-z]{2,63}");
    private static final int ATTEMPTS = 3;

    private final ReactiveMailer mailer;

    public EmailSender(ReactiveMailer mailer) {
        this.mailer = mailer;
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
        return Uni.createFrom().deferred(() -> {
                    attempts.incrementAndGet();
                    return mailer.send(mail);
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).atMost(ATTEMPTS - 1)
                .map(sent -> new StepOutcome(attempts.get(), null))
                .onFailure().recoverWithItem(failure -> new StepOutcome(attempts.get(), "SMTP: " + failure.getMessage()));
    }
}
