package io.floatchat.gateway.service;

import io.floatchat.common.error.ApiException;
import io.floatchat.common.events.ApiKeyEvent;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.common.security.Scopes;
import io.floatchat.gateway.ApiKey;
import io.floatchat.gateway.config.GatewayConfig;
import io.floatchat.gateway.repository.ApiKeyRepository;
import io.floatchat.gateway.repository.KeyChangeRepository;
import io.floatchat.gateway.repository.TenantRepository;
import io.floatchat.gateway.security.ApiKeyAuthenticator;
import io.floatchat.gateway.security.ApiKeyFormat;
import io.floatchat.gateway.security.Hashes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Creating, listing, revoking and regenerating a customer's keys. A key's secret exists only in the
 * response that issues it; revocation and regeneration reach every gateway replica as events.
 */
@ApplicationScoped
public class ApiKeyService {

    /** Keys a customer may hold, revoked ones included (they stay listed). */
    public static final int MAX_KEYS_PER_CUSTOMER = 1_000;

    /** Longest time an old key keeps working after a regeneration. */
    public static final Duration MAX_GRACE = Duration.ofDays(7);

    private final Pool pool;
    private final ApiKeyRepository keys;
    private final TenantRepository tenants;
    private final Outbox outbox;
    private final ApiKeyAuthenticator authenticator;
    private final KeyChangeRepository keyChanges;
    private final int defaultRate;

    public ApiKeyService(Pool pool, ApiKeyRepository keys, TenantRepository tenants, Outbox outbox,
                         ApiKeyAuthenticator authenticator, KeyChangeRepository keyChanges, GatewayConfig config) {
        this.keyChanges = keyChanges;
        this.defaultRate = config.rateLimit().perSecond();
        this.pool = pool;
        this.keys = keys;
        this.tenants = tenants;
        this.outbox = outbox;
        this.authenticator = authenticator;
    }

    /**
     * A new key; {@code caller} is the customer's {@code keys:manage} key that asks (null: the
     * operator), which bounds what the new key may get ({@link KeyDelegation}).
     */
    public Uni<IssuedApiKey> create(long customerId, NewApiKey asked, ApiKey caller) {
        // the request's own form first (1001), then what the caller may grant (403)
        validScopes(asked.scopes());
        NewApiKey request = caller == null ? asked : KeyDelegation.bounded(asked, caller, caller.rate(defaultRate));
        List<String> scopes = validScopes(request.scopes());
        if (request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
            throw ApiException.invalidRequest("expiresAt must be in the future.");
        }
        if (request.botKeys() != null && request.botKeys().isEmpty()) {
            throw ApiException.invalidRequest("botKeys must name at least one bot, or be left out for all bots.");
        }
        String keyId = ApiKeyFormat.newKeyId();
        String secret = ApiKeyFormat.newKey(keyId);
        return tenants.customerExists(customerId)
                .flatMap(exists -> {
                    if (!exists) {
                        throw ApiException.invalidBotOrCustomer();
                    }
                    return keys.countByCustomer(customerId);
                })
                .flatMap(held -> {
                    if (held >= MAX_KEYS_PER_CUSTOMER) {
                        throw ApiException.invalidRequest("A customer can hold at most " + MAX_KEYS_PER_CUSTOMER + " API keys.");
                    }
                    return request.botKeys() == null ? Uni.createFrom().item(List.<String>of())
                            : tenants.botsOf(customerId, request.botKeys());
                })
                .flatMap(knownBots -> {
                    if (request.botKeys() != null && !new HashSet<>(knownBots).containsAll(request.botKeys())) {
                        throw ApiException.invalidBotOrCustomer();
                    }
                    ApiKey key = new ApiKey(keyId, customerId, request.name(), scopes,
                            request.botKeys() == null ? null : List.copyOf(new LinkedHashSet<>(request.botKeys())),
                            List.of(), Hashes.sha256(secret), null, null, ApiKey.Status.ACTIVE,
                            request.rateLimitPerSecond(), request.expiresAt(), null, null, null);
                    return pool.withTransaction(transaction -> keys.insert(transaction, key));
                })
                .flatMap(inserted -> keys.findById(keyId))
                .map(stored -> new IssuedApiKey(stored, secret));
    }

    public Uni<List<ApiKey>> list(long customerId) {
        return tenants.customerExists(customerId).flatMap(exists -> {
            if (!exists) {
                throw ApiException.invalidBotOrCustomer();
            }
            return keys.listByCustomer(customerId);
        });
    }

    /** Revokes at once; revoking a revoked key again changes nothing. Unknown key: 404; wider than the caller: 403. */
    public Uni<ApiKey> revoke(long customerId, String keyId, ApiKey caller) {
        ApiKeyEvent revoked = event(ApiKeyEvent.REVOKED, keyId, customerId);
        return managed(customerId, keyId, caller).flatMap(target -> pool.withTransaction(transaction -> keys.revoke(transaction, customerId, keyId)
                        .flatMap(changed -> changed
                                ? announce(transaction, keyId, customerId, revoked).replaceWith(true)
                                : Uni.createFrom().item(false)))
                .invoke(changed -> afterChange(keyId))
                .flatMap(changed -> existing(customerId, keyId)));
    }

    /** A new secret for the key; the old one stops now, or after {@code grace}. Wider than the caller: 403. */
    public Uni<IssuedApiKey> regenerate(long customerId, String keyId, Duration grace, ApiKey caller) {
        if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0) {
            throw ApiException.invalidRequest("graceSeconds must be between 0 and " + MAX_GRACE.toSeconds() + ".");
        }
        String secret = ApiKeyFormat.newKey(keyId);
        Instant previousValidUntil = grace.isZero() ? null : Instant.now().plus(grace);
        ApiKeyEvent regenerated = event(ApiKeyEvent.REGENERATED, keyId, customerId);
        return managed(customerId, keyId, caller).flatMap(target -> pool.withTransaction(transaction -> keys.replaceHash(transaction, customerId, keyId,
                                Hashes.sha256(secret), previousValidUntil)
                        .flatMap(changed -> {
                            if (!changed) {
                                throw ApiException.notFound("No active API key " + keyId + " for this customer.");
                            }
                            return announce(transaction, keyId, customerId, regenerated);
                        })))
                .invoke(() -> afterChange(keyId))
                .flatMap(done -> existing(customerId, keyId))
                .map(key -> new IssuedApiKey(key, secret));
    }

    /** The change, to every replica: the event (fast, through Kafka) and the change log (read from the database). */
    private Uni<Void> announce(SqlClient transaction, String keyId, long customerId, ApiKeyEvent event) {
        return outbox.append(transaction, event)
                .flatMap(appended -> keyChanges.record(transaction, keyId, customerId));
    }

    /** The key to regenerate or revoke, when the caller (null: the operator) may manage it; 404 when there is none. */
    private Uni<ApiKey> managed(long customerId, String keyId, ApiKey caller) {
        return existing(customerId, keyId).invoke(target -> {
            if (caller != null) {
                KeyDelegation.requireCovers(caller, target, defaultRate);
            }
        });
    }

    private Uni<ApiKey> existing(long customerId, String keyId) {
        return keys.findByCustomer(customerId, keyId).invoke(key -> {
            if (key == null) {
                throw ApiException.notFound("No API key " + keyId + " for this customer.");
            }
        });
    }

    private void afterChange(String keyId) {
        authenticator.invalidate(keyId);
    }

    private static List<String> validScopes(List<String> requested) {
        if (requested == null) {
            return Scopes.DEFAULT;
        }
        if (requested.isEmpty()) {
            throw ApiException.invalidRequest("scopes must name at least one scope, or be left out for the defaults.");
        }
        List<String> unknown = requested.stream().filter(scope -> !Scopes.ALL.contains(scope)).toList();
        if (!unknown.isEmpty()) {
            throw ApiException.invalidRequest("Unknown scopes " + unknown + "; known: " + Scopes.ALL + ".");
        }
        return requested.stream().distinct().toList();
    }

    private static ApiKeyEvent event(String type, String keyId, long customerId) {
        return new ApiKeyEvent(UUID.randomUUID().toString(), type, keyId, customerId, System.currentTimeMillis());
    }
}
