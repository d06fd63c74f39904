package io.floatchat.broadcast.repository;

import io.floatchat.testing.EmbeddedPostgresServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Existing data through the upgrade: numbers two bots both held, and secrets sealed before they
 * were bound to their bot and field.
 */
@QuarkusTest
class ChannelBindingMigrationTest {

    private static final String TEST_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    @Inject
    ChannelAccountRepository accounts;

    @Test
    void whereTwoBotsHeldOneNumberTheOldestBindingKeepsItAndTheOtherIsSetAsideNotLost() throws Exception {
        String schema = "broadcast_upgrade_" + System.nanoTime();
        Flyway before = flyway(schema, "4");
        before.migrate();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET search_path = " + schema);
            insert(statement, "bot-owner", 10001, "5550001", 1_000);
            insert(statement, "bot-taker", 10002, "5550001", 2_000);
            insert(statement, "bot-alone", 10003, "5550002", 3_000);
            // the attack: B claims A's number, then A rotates its token, which makes A's row the newer one
            insert(statement, "bot-victim", 10004, "5550003", 9_000);
            insert(statement, "bot-squatter", 10005, "5550003", 2_500);
            statement.execute("INSERT INTO broadcast (id, customer_id, bot_key, name, channel, message, status, scheduled_at, "
                    + "total, created_at) VALUES ('bc_victim', 10004, 'bot-victim', 'n', 'whatsapp', '{}', 'COMPLETED', 1500, 1, 1500)");
        }

        flyway(schema, null).migrate();

        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET search_path = " + schema);
            assertThat(column(statement, "SELECT bot_key FROM channel_account ORDER BY bot_key"))
                    .containsExactly("bot-alone", "bot-owner", "bot-victim");
            assertThat(column(statement, "SELECT bot_key || '/' || phone_number_id FROM channel_account_conflict ORDER BY 1"))
                    .containsExactly("bot-squatter/5550003", "bot-taker/5550001");
            assertThat(column(statement, "SELECT bound_at FROM channel_account WHERE bot_key = 'bot-victim'"))
                    .containsExactly("1500");
            assertThatThrownBy(() -> statement.execute("INSERT INTO channel_account SELECT 'bot-third', 10004, channel, "
                    + "phone_number_id, access_token, app_secret, verify_token, api_base_url, api_version, messages_per_second, "
                    + "4000, 4000 FROM channel_account WHERE bot_key = 'bot-alone'"))
                    .hasMessageContaining("channel_account_one_bot");
        }
    }

    @Test
    void secretsSealedWithoutTheirBotAreSealedToItAndThenOpen() throws Exception {
        String botKey = "bot-legacy-" + System.nanoTime();
        try (Connection connection = EmbeddedPostgresServer.connect(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO broadcast.channel_account (bot_key, customer_id, channel, phone_number_id, access_token, app_secret, "
                        + "verify_token, api_base_url, api_version, messages_per_second, updated_at, bound_at, secrets_version) "
                        + "VALUES (?, 10001, 'whatsapp', ?, ?, ?, ?, 'https://graph.example.com', 'v21.0', 80, 1, 1, 1)")) {
            insert.setString(1, botKey);
            insert.setString(2, Long.toString(9_000_000_000L + System.nanoTime() % 1_000_000_000L));
            insert.setBytes(3, sealWithoutContext("legacy-token"));
            insert.setBytes(4, sealWithoutContext("legacy-app-secret"));
            insert.setBytes(5, sealWithoutContext("legacy-verify"));
            insert.executeUpdate();
        }
        // read as it was stored (a replica of the previous version may have stored it during the upgrade)
        assertThat(accounts.findByBot(botKey).await().atMost(Duration.ofSeconds(10)).accessToken()).isEqualTo("legacy-token");

        accounts.sealLegacySecrets().await().atMost(Duration.ofSeconds(10));
        assertThat(version(botKey)).isEqualTo(2);
        var account = accounts.findByBot(botKey).await().atMost(Duration.ofSeconds(10));
        assertThat(account.accessToken()).isEqualTo("legacy-token");
        assertThat(account.appSecret()).isEqualTo("legacy-app-secret");
        assertThat(account.verifyToken()).isEqualTo("legacy-verify");
    }

    private static int version(String botKey) throws Exception {
        try (Connection connection = EmbeddedPostgresServer.connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT secrets_version FROM broadcast.channel_account WHERE bot_key = ?")) {
            select.setString(1, botKey);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static byte[] sealWithoutContext(String secret) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(TEST_KEY), "AES"),
                new GCMParameterSpec(128, nonce));
        byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
    }

    private static void insert(Statement statement, String botKey, long customerId, String phone, long updatedAt)
            throws Exception {
        statement.execute("INSERT INTO channel_account (bot_key, customer_id, channel, phone_number_id, access_token, "
                + "app_secret, verify_token, api_base_url, api_version, messages_per_second, updated_at) VALUES ('" + botKey
                + "', " + customerId + ", 'whatsapp', '" + phone + "', '\\x00', '\\x00', '\\x00', 'https://graph.example.com', "
                + "'v21.0', 80, " + updatedAt + ")");
    }

    private static List<String> column(Statement statement, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static Flyway flyway(String schema, String target) {
        var configuration = Flyway.configure()
                .dataSource(EmbeddedPostgresServer.jdbcUrl("floatchat"), EmbeddedPostgresServer.USER,
                        EmbeddedPostgresServer.PASSWORD)
                .schemas(schema).createSchemas(true)
                .locations("classpath:db/common", "classpath:db/migration")
                .outOfOrder(true);
        return (target == null ? configuration : configuration.target(target)).load();
    }

    private static Connection connect() throws Exception {
        return java.sql.DriverManager.getConnection(EmbeddedPostgresServer.jdbcUrl("floatchat"), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD);
    }
}
