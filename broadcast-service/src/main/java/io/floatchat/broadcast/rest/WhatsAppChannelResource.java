package io.floatchat.broadcast.rest;

import io.floatchat.broadcast.WhatsAppAccount;
import io.floatchat.broadcast.repository.ChannelAccountRepository;
import io.floatchat.broadcast.service.ChannelAccounts;
import io.floatchat.common.api.ApiResponse;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.security.Scopes;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/** A bot's WhatsApp Cloud API account. Secrets are stored encrypted and shown masked. */
@Path("/bot-api/v1.0/customer/{customerId}/bot/{botKey}/channels/whatsapp")
public class WhatsAppChannelResource {

    static final String DEFAULT_API_BASE_URL = "https://graph.facebook.com";
    static final String DEFAULT_API_VERSION = "v21.0";
    static final int DEFAULT_MESSAGES_PER_SECOND = 80;

    private final ChannelAccounts channels;
    private final ChannelAccountRepository accounts;

    public WhatsAppChannelResource(ChannelAccounts channels, ChannelAccountRepository accounts) {
        this.channels = channels;
        this.accounts = accounts;
    }

    @PUT
    @RolesAllowed(Scopes.CHANNELS_WRITE)
    public Uni<ApiResponse<MaskedChannel>> put(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey,
                                               @Valid @NotNull WhatsAppChannelRequest body) {
        WhatsAppAccount account = new WhatsAppAccount(botKey, customerId, body.phoneNumberId(), body.accessToken(),
                body.appSecret(), body.verifyToken(), body.apiBaseUrl() == null ? DEFAULT_API_BASE_URL : body.apiBaseUrl(),
                body.apiVersion() == null ? DEFAULT_API_VERSION : body.apiVersion(),
                body.messagesPerSecond() == null ? DEFAULT_MESSAGES_PER_SECOND : body.messagesPerSecond());
        return channels.save(account, System.currentTimeMillis())
                .replaceWith(() -> ApiResponse.success(MaskedChannel.of(account)));
    }

    @GET
    @RolesAllowed(Scopes.CHANNELS_WRITE)
    public Uni<ApiResponse<MaskedChannel>> get(@PathParam("customerId") long customerId, @PathParam("botKey") String botKey) {
        return accounts.findByBot(customerId, botKey).map(account -> {
            if (account == null) {
                throw ApiException.notFound("The WhatsApp channel is not configured for this bot.");
            }
            return ApiResponse.success(MaskedChannel.of(account));
        });
    }

    /** The account as clients see it: every secret masked, without a character of it. */
    public record MaskedChannel(String phoneNumberId, String accessToken, String appSecret, String verifyToken,
                                String apiBaseUrl, String apiVersion, int messagesPerSecond) {

        static final String MASK = "********";

        static MaskedChannel of(WhatsAppAccount account) {
            return new MaskedChannel(account.phoneNumberId(), MASK, MASK, MASK, account.apiBaseUrl(), account.apiVersion(),
                    account.messagesPerSecond());
        }
    }
}
