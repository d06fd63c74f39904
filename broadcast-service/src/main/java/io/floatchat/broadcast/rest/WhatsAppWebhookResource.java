package io.floatchat.broadcast.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.service.ChannelAccounts;
import io.floatchat.broadcast.service.WebhookService;
import io.floatchat.broadcast.service.WebhookSignature;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * Meta's webhooks for a bot, reached without an API key: GET is the verification handshake
 * ({@code hub.verify_token}); POST must carry {@code X-Hub-Signature-256} of the raw body with the
 * bot's app secret — a bad one is 401 and changes nothing. The signature is checked before any
 * other work, against the bot's account as {@link ChannelAccounts} keeps it in memory, so a flood
 * of forged webhooks costs a lookup in memory and an HMAC each.
 */
@Path("/webhooks/whatsapp/{botKey}")
public class WhatsAppWebhookResource {

    /** Meta's webhooks are a few kilobytes; the gateway takes no more for this route either. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final ChannelAccounts accounts;
    private final WebhookService webhooks;
    private final ObjectMapper objectMapper;

    public WhatsAppWebhookResource(ChannelAccounts accounts, WebhookService webhooks, ObjectMapper objectMapper) {
        this.accounts = accounts;
        this.webhooks = webhooks;
        this.objectMapper = objectMapper;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> verify(@PathParam("botKey") String botKey, @QueryParam("hub.mode") String mode,
                              @QueryParam("hub.verify_token") String token, @QueryParam("hub.challenge") String challenge) {
        return accounts.ofBot(botKey).map(account -> {
            boolean valid = account != null && "subscribe".equals(mode) && token != null && challenge != null
                    && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                    account.verifyToken().getBytes(StandardCharsets.UTF_8));
            if (!valid) {
                throw new ApiException(ErrorCode.UNAUTHORIZED, "Verification failed.");
            }
            return challenge;
        });
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> receive(@PathParam("botKey") String botKey,
                                 @HeaderParam("X-Hub-Signature-256") String signature, byte[] rawBody) {
        if (rawBody.length > MAX_BODY_BYTES) {
            throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "A webhook body is at most 1 MB.");
        }
        return accounts.ofBot(botKey).flatMap(account -> {
            if (account == null || !WebhookSignature.isValid(signature, rawBody, account.appSecret())) {
                throw new ApiException(ErrorCode.UNAUTHORIZED, "Missing or invalid X-Hub-Signature-256.");
            }
            JsonNode webhook;
            try {
                webhook = objectMapper.readTree(rawBody);
            } catch (IOException e) {
                throw ApiException.invalidRequest("The webhook body is not JSON.");
            }
            return webhooks.apply(account, webhook).replaceWith(Response.ok().build());
        });
    }
}
