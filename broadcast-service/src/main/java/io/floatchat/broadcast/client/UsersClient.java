package io.floatchat.broadcast.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.broadcast.AudienceMember;
import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Resolves an {@code audience} through users-service's Users API, with the caller's own gateway
 * token: a key that may not read users cannot reach them this way either. Each member carries only
 * what the message's {@code {{user.*}}} placeholders read — users-service projects the attributes
 * asked for ({@code attributes=}), and a page at a time is read — so an audience of 100,000 users is
 * their ids, not their profiles.
 */
@ApplicationScoped
public class UsersClient {

    private static final int PAGE_SIZE = 1000;
    private static final int CONCURRENCY = 16;

    private final HttpClient http;
    private final ObjectMapper objectMapper;
    private final String usersUrl;

    public UsersClient(Vertx vertx, ObjectMapper objectMapper, BroadcastConfig config) {
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(4));
        this.objectMapper = objectMapper;
        this.usersUrl = config.usersUrl().replaceAll("/+$", "");
    }

    /** @param read the attributes the message reads of each user (empty: none, the members are ids) */
    public Uni<List<AudienceMember>> audience(long customerId, String botKey, JsonNode audience, Set<String> read,
                                              String authorization, int maxMembers) {
        String query = "attribute_name=" + encode(audience.path("attribute_name").asText())
                + "&attribute_value=" + encode(audience.path("attribute_value").asText())
                + (audience.hasNonNull("operator") ? "&operator=" + encode(audience.path("operator").asText()) : "")
                + "&attributes=" + encode(String.join(",", read));
        String path = usersUrl + "/bot-api/v1.0/customer/" + customerId + "/bot/" + encode(botKey) + "/users?" + query;
        return page(path, authorization, 1, new ArrayList<>(), read, maxMembers);
    }

    /**
     * The profiles of listed users, fetched {@code CONCURRENCY} at a time; a user users-service does
     * not know gets no profile (its placeholders stay empty).
     */
    public Uni<List<AudienceMember>> profiles(long customerId, String botKey, List<String> userIds, Set<String> read,
                                              String authorization) {
        String base = usersUrl + "/bot-api/v1.0/customer/" + customerId + "/bot/" + encode(botKey) + "/channel-user/";
        return Multi.createFrom().iterable(userIds)
                .onItem().transformToUni(userId -> profile(base + encode(userId), read, authorization)
                        .map(profile -> new AudienceMember(userId, null, profile)))
                .merge(CONCURRENCY)
                .collect().asList();
    }

    private Uni<JsonNode> profile(String url, Set<String> read, String authorization) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setIdleTimeout(10_000).putHeader("Authorization", authorization);
        return http.request(options).flatMap(request -> request.send())
                .flatMap(response -> response.body().map(body -> {
                    if (response.statusCode() == 403) {
                        throw new ApiException(ErrorCode.FORBIDDEN, "Personalised text needs a key with users:read.");
                    }
                    if (response.statusCode() != 200) {
                        return (JsonNode) null;
                    }
                    return profileOf(read(body.toString()).path("responseObject"), read);
                }))
                .onFailure(failure -> !(failure instanceof ApiException))
                .transform(failure -> new ApiException(ErrorCode.UNAVAILABLE, "users-service cannot be reached to personalise."));
    }

    private Uni<List<AudienceMember>> page(String path, String authorization, int pageNumber, List<AudienceMember> found,
                                           Set<String> read, int maxMembers) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(path + "&page_size=" + PAGE_SIZE + "&page_number=" + pageNumber)
                .setIdleTimeout(10_000).putHeader("Authorization", authorization);
        return http.request(options).flatMap(request -> request.send())
                .flatMap(response -> response.body().map(body -> {
                    JsonNode json = read(body.toString());
                    if (response.statusCode() != 200) {
                        throw switch (response.statusCode()) {
                            case 403 -> new ApiException(ErrorCode.FORBIDDEN, "An audience needs a key with users:read.");
                            case 400 -> ApiException.invalidRequest("audience: " + json.path("status").path("details").asText());
                            default -> new ApiException(ErrorCode.UNAVAILABLE, "users-service cannot resolve the audience now.");
                        };
                    }
                    return json.path("responseObject");
                }))
                .onFailure(failure -> !(failure instanceof ApiException))
                .transform(failure -> new ApiException(ErrorCode.UNAVAILABLE, "users-service cannot resolve the audience now."))
                .flatMap(pageObject -> {
                    for (JsonNode user : pageObject.path("users")) {
                        found.add(new AudienceMember(user.path("userId").asText(), null,
                                read.isEmpty() ? null : profileOf(user, read)));
                    }
                    if (found.size() > maxMembers) {
                        throw ApiException.invalidRequest("The audience has more than " + maxMembers + " users.");
                    }
                    boolean more = (long) pageNumber * PAGE_SIZE < pageObject.path("totalCount").asLong();
                    return more ? page(path, authorization, pageNumber + 1, found, read, maxMembers)
                            : Uni.createFrom().item(found);
                });
    }

    /** What the placeholders read of a user: its name, and the attributes among {@code read} it has. */
    private JsonNode profileOf(JsonNode user, Set<String> read) {
        ObjectNode profile = objectMapper.createObjectNode();
        profile.set("name", user.path("name"));
        ObjectNode attributes = profile.putObject("attributes");
        JsonNode all = user.path("attributes");
        read.forEach(name -> {
            if (all.has(name)) {
                attributes.set(name, all.get(name));
            }
        });
        return profile;
    }

    private JsonNode read(String body) {
        try {
            return objectMapper.readTree(body);
        } catch (Exception e) {
            return objectMapper.createObjectNode();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
