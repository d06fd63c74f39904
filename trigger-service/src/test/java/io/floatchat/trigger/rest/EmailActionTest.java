package io.floatchat.trigger.rest;

import io.floatchat.trigger.SmtpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** send_email over real SMTP (GreenMail): the message as rendered from the run's attributes. */
@QuarkusTest
class EmailActionTest {

    @Test
    void theRenderedMessageArrivesAndAnUnusableRecipientFailsTheStep() throws Exception {
        FlowsApi api = new FlowsApi();
        api.put("welcome", Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "send_email",
                "when", Map.of("attribute", "category", "equals", "VIP"),
                "to", "{{user.email}}", "subject", "Welcome {{user.name}}",
                "body", "Hi {{user.name}}, your {{user.category}} desk is ready. {{user.password}}"))));

        JsonPath run = api.finished(api.trigger("welcome", Map.of("attributes",
                Map.of("name", "Asha", "email", "asha.welcome@example.com", "category", "VIP"))));
        assertThat(run.getString("responseObject.status")).isEqualTo("SUCCEEDED");
        await().atMost(Duration.ofSeconds(10)).until(() -> Arrays.stream(SmtpServer.mail.getReceivedMessages())
                .anyMatch(message -> recipient(message).equals("asha.welcome@example.com")));
        MimeMessage message = Arrays.stream(SmtpServer.mail.getReceivedMessages())
                .filter(received -> recipient(received).equals("asha.welcome@example.com")).findFirst().orElseThrow();
        assertThat(message.getSubject()).isEqualTo("Welcome Asha");
        assertThat(message.getContent().toString().trim()).isEqualTo("Hi Asha, your VIP desk is ready.");

        JsonPath bad = api.finished(api.trigger("welcome", Map.of("attributes", Map.of("name", "No Mail", "category", "VIP"))));
        assertThat(bad.getString("responseObject.status")).isEqualTo("FAILED");
        assertThat(bad.getString("responseObject.steps[0].error")).contains("not an e-mail address");

        JsonPath skipped = api.finished(api.trigger("welcome", Map.of("attributes", Map.of("email", "x@example.com"))));
        assertThat(skipped.getList("responseObject.steps.status")).containsExactly("SKIPPED");
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (Exception e) {
            return "";
        }
    }
}
