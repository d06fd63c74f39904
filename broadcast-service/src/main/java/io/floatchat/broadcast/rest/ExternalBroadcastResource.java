package io.floatchat.broadcast.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.floatchat.broadcast.Audience;
import io.floatchat.broadcast.BroadcastDraft;
import io.floatchat.broadcast.service.AudienceCsv;
import io.floatchat.broadcast.service.BroadcastRefused;
import io.floatchat.broadcast.service.BroadcastRules;
import io.floatchat.broadcast.service.BroadcastService;
import io.floatchat.common.api.ApiResponse;
import io.floatchat.common.api.BroadcastChannels;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import io.floatchat.common.idempotency.IdempotencyKeys;
import io.floatchat.common.idempotency.IdempotencyKeys.KeyedRequest;
import io.floatchat.common.security.Scopes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * FloatChat's External Broadcast API: a CSV audience and a WhatsApp template in one multipart
 * upload, with the original's codes (2004 channel not configured, 2005 invalid file, 2006 upload
 * failed or over 10 MB). Bad rows are reported, not fatal. An {@code Idempotency-Key} binds the
 * upload as sent (its parameters, the file's SHA-256, the template): a retry gets the first answer.
 */
@Path("/whatsapp-api/v1.0/customer/{customerId}/bot/{botKey}/external/broadcast")
public class ExternalBroadcastResource {

    static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

    private final BroadcastService broadcasts;
    private final ObjectMapper objectMapper;

    public ExternalBroadcastResource(BroadcastService broadcasts, ObjectMapper objectMapper) {
        this.broadcasts = broadcasts;
        this.objectMapper = objectMapper;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Scopes.BROADCASTS_WRITE)
    public Uni<ApiResponse<ExternalAccepted>> upload(@PathParam("customerId") long customerId,
                                                     @PathParam("botKey") String botKey,
                                                     @QueryParam("broadcast_id") String name,
                                                     @QueryParam("scheduled_at") String scheduledAt,
                                                     @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                                     @RestForm("target_audience") FileUpload audience,
                                                     @RestForm("template_payload") String templatePayload) {
        String key = IdempotencyKeys.clientKey(idempotencyKey);
        if (scheduledAt != null && !scheduledAt.isBlank() && !scheduledAt.trim().matches("[0-9]{1,15}")) {
            throw ApiException.invalidRequest("scheduled_at must be UTC milliseconds.");
        }
        if (audience == null) {
            throw new ApiException(ErrorCode.INVALID_FILE_FORMAT, "target_audience (a CSV file) is required.");
        }
        if (audience.size() > MAX_FILE_BYTES) {
            throw new ApiException(ErrorCode.FILE_UPLOAD_FAILED, "target_audience is larger than 10 MB.");
        }
        JsonNode message = templateMessage(templatePayload);
        JsonNode when = scheduledAt == null || scheduledAt.isBlank() ? null
                : JsonNodeFactory.instance.numberNode(Long.parseLong(scheduledAt.trim()));
        Uni<KeyedRequest> keyed = key == null ? Uni.createFrom().nullItem()
                : Uni.createFrom().item(() -> new KeyedRequest(key, IdempotencyKeys.requestHash(name + "\n" + scheduledAt
                        + "\n" + sha256(audience) + "\n" + templatePayload)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return keyed.flatMap(request -> Uni.createFrom().item(() -> read(audience))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .flatMap(parsed -> create(customerId, botKey, name, when, parsed, message, request)))
                .onFailure(BroadcastRefused.class).transform(failure -> inOriginalCodes((BroadcastRefused) failure))
                .map(ApiResponse::success);
    }

    private Uni<ExternalAccepted> create(long customerId, String botKey, String name, JsonNode when, AudienceCsv.Parsed parsed,
                                         JsonNode message, KeyedRequest keyed) {
        if (parsed.members().isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_FILE_FORMAT, "target_audience has no valid row"
                    + (parsed.rejected().isEmpty() ? "." : "; row " + parsed.rejected().get(0).row() + ": "
                    + parsed.rejected().get(0).reason() + "."));
        }
        BroadcastDraft draft = new BroadcastDraft(name, BroadcastChannels.WHATSAPP, new Audience.Known(parsed.members()),
                message, when);
        return broadcasts.create(customerId, botKey, draft, keyed, null,
                accepted -> new ExternalAccepted(accepted.broadcastId(), accepted.recipientCount(), parsed.rejectedCount(),
                        parsed.rejected()), ExternalAccepted.class);
    }

    /** The original's codes for what the service refuses: 2004 for the channel, 2005 for what the upload holds. */
    private static ApiException inOriginalCodes(BroadcastRefused refused) {
        return switch (refused.rule()) {
            case NAME -> ApiException.invalidRequest("broadcast_id (the broadcast's name, 1 to " + BroadcastDraft.MAX_NAME
                    + " characters) is required.");
            case CHANNEL_NOT_READY -> new ApiException(ErrorCode.API_KEY_NOT_FOUND,
                    "The WhatsApp channel is not configured for this bot.");
            case MESSAGE, RECIPIENTS, NO_ONE_MATCHES -> new ApiException(ErrorCode.INVALID_FILE_FORMAT, refused.details());
            case CHANNEL, AUDIENCE, SCHEDULE -> refused;
        };
    }

    private static String sha256(FileUpload audience) {
        try (InputStream file = Files.newInputStream(audience.uploadedFile())) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read = file.read(buffer); read > 0; read = file.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ApiException(ErrorCode.FILE_UPLOAD_FAILED, "target_audience could not be read.");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private JsonNode templateMessage(String templatePayload) {
        JsonNode template;
        try {
            template = templatePayload == null ? null : objectMapper.readTree(templatePayload);
        } catch (IOException e) {
            throw new ApiException(ErrorCode.INVALID_FILE_FORMAT, "template_payload is not JSON.");
        }
        if (template == null || !template.isObject()) {
            throw new ApiException(ErrorCode.INVALID_FILE_FORMAT,
                    "template_payload must be the WhatsApp template object: {\"name\",\"language\",\"components\"}.");
        }
        return JsonNodeFactory.instance.objectNode().put("type", "template").set("template", template);
    }

    private static AudienceCsv.Parsed read(FileUpload audience) {
        try (BufferedReader reader = Files.newBufferedReader(audience.uploadedFile(), StandardCharsets.UTF_8)) {
            return AudienceCsv.parse(reader, BroadcastRules.MAX_RECIPIENTS);
        } catch (IOException | UncheckedIOException e) {
            throw new ApiException(ErrorCode.FILE_UPLOAD_FAILED, "target_audience could not be read as UTF-8 text.");
        }
    }

    /** {@code {"broadcastId","recipientCount","rejectedRowCount","rejectedRows":[{"row","reason"}]}} (the first 1,000 rows). */
    @RegisterForReflection // stored as JSON for Idempotency-Key replays (native image)
    public record ExternalAccepted(String broadcastId, int recipientCount, int rejectedRowCount,
                                   List<AudienceCsv.RejectedRow> rejectedRows) {
    }
}
