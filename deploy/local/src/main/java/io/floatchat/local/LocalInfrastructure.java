package io.floatchat.local;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the services stand on: the locked data directory, PostgreSQL, Kafka, the JWT key pair and
 * the admin token. Also used alone ({@code ./floatchat infra}) to run one service in dev mode.
 */
public final class LocalInfrastructure implements AutoCloseable {

    private final DataDirectory dataDirectory;
    private final SigningKeys signingKeys;
    private final String adminToken;
    private LocalPostgres postgres;
    private LocalKafka kafka;

    private LocalInfrastructure(DataDirectory dataDirectory, SigningKeys signingKeys, String adminToken) {
        this.dataDirectory = dataDirectory;
        this.signingKeys = signingKeys;
        this.adminToken = adminToken;
    }

    public static LocalInfrastructure start(LocalPlatformConfig config) {
        DataDirectory dataDirectory = DataDirectory.open(config.dataDir());
        LocalInfrastructure infrastructure = new LocalInfrastructure(dataDirectory,
                SigningKeys.loadOrGenerate(dataDirectory.keys()), dataDirectory.adminToken(config.adminToken()));
        try {
            infrastructure.postgres = LocalPostgres.start(dataDirectory.postgres(), dataDirectory.log("postgres"));
            infrastructure.kafka = LocalKafka.start(dataDirectory.kafka());
            return infrastructure;
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
    }

    DataDirectory dataDirectory() {
        return dataDirectory;
    }

    public String adminToken() {
        return adminToken;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String postgresJdbcUrl() {
        return postgres.jdbcUrl();
    }

    /**
     * Stops PostgreSQL, its data kept, as an outage would (the services see their connections refused);
     * {@link #startPostgres} ends the outage on the same port.
     */
    public void stopPostgres() {
        postgres.close();
    }

    public void startPostgres() {
        postgres.startAgain();
    }

    /** Stops the Kafka broker, its log kept, as an outage would; {@link #startKafka} ends it on the same port. */
    public void stopKafka() {
        kafka.close();
    }

    public void startKafka() {
        kafka.startAgain();
    }

    /** The environment that connects a service to this infrastructure (the same names Kubernetes sets). */
    public Map<String, String> serviceEnvironment(PlatformService service) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("QUARKUS_DATASOURCE_USERNAME", LocalPostgres.USER);
        environment.put("QUARKUS_DATASOURCE_PASSWORD", LocalPostgres.PASSWORD);
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl());
        environment.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl());
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        if (service == PlatformService.GATEWAY) {
            environment.put("SMALLRYE_JWT_SIGN_KEY_LOCATION", signingKeys.privateKeyPem().toString());
            environment.put("FLOATCHAT_ADMIN_TOKEN", adminToken);
        } else {
            environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", signingKeys.publicKeyPem().toString());
        }
        if (service == PlatformService.BROADCAST) {
            environment.put("FLOATCHAT_BROADCAST_CHANNEL_SECRET_KEY", SigningKeys.channelSecretKey(dataDirectory.keys()));
        }
        return environment;
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        dataDirectory.close();
    }
}
