package io.floatchat.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The Quarkus test resource every service test uses: a real PostgreSQL and a real Kafka, started
 * once per test JVM (later test classes reuse them), and the public key that verifies
 * {@link TestJwt} tokens. No Docker involved.
 *
 * <p>Init arg {@code database} names the database to create (default {@code floatchat}).
 */
public class EmbeddedInfrastructure implements QuarkusTestResourceLifecycleManager {

    private String database = "floatchat";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.datasource.username", EmbeddedPostgresServer.USER,
                "quarkus.datasource.password", EmbeddedPostgresServer.PASSWORD,
                "quarkus.datasource.jdbc.url", EmbeddedPostgresServer.jdbcUrl(database),
                "quarkus.datasource.reactive.url", EmbeddedPostgresServer.reactiveUrl(database),
                "kafka.bootstrap.servers", EmbeddedKafkaServer.bootstrapServers(),
                "mp.jwt.verify.publickey", TestJwt.publicKeyPem(),
                "smallrye.jwt.sign.key", TestJwt.privateKeyPem());
    }

    @Override
    public void stop() {
        // the servers outlive one application: they stop with the JVM
    }
}
