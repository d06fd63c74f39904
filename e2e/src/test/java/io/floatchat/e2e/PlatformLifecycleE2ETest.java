package io.floatchat.e2e;

import io.floatchat.local.DemoTenant;
import io.floatchat.local.LocalPlatform;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.not;

/** What ./floatchat up promises about stopping and restarting. */
class PlatformLifecycleE2ETest {

    private static final String MIGRATIONS = "SELECT string_agg(installed_rank || ':' || coalesce(version, '-'), ',' "
            + "ORDER BY installed_rank) FROM users.flyway_schema_history WHERE success";

    @Test
    void stoppingLeavesNoProcessBehindAndARestartKeepsTheData() throws Exception {
        Path dataDirectory = E2EPlatform.freshDataDirectory();

        String jdbcUrl;
        List<ProcessHandle> services;
        DemoTenant demo;
        String migrations;
        try (LocalPlatform first = E2EPlatform.start(dataDirectory)) {
            demo = first.demoTenant();
            jdbcUrl = first.infrastructure().postgresJdbcUrl();
            services = first.serviceProcesses();
            migrations = E2EDatabase.queryOne(jdbcUrl, MIGRATIONS);
            E2EDatabase.execute(jdbcUrl, "CREATE TABLE public.survives_restart (note TEXT)",
                    "INSERT INTO public.survives_restart VALUES ('kept')");
        }

        assertThat(services).hasSize(5).noneMatch(ProcessHandle::isAlive);
        assertThatThrownBy(() -> DriverManager.getConnection(jdbcUrl, "postgres", "postgres").close())
                .isInstanceOf(SQLException.class);

        try (LocalPlatform second = E2EPlatform.start(dataDirectory)) {
            assertThat(second.demoTenant()).isEqualTo(demo);
            given().baseUri(second.gatewayUrl()).header("Authorization", "Basic " + demo.apiKey())
                    .get("/bot-api/v1.0/customer/" + demo.customerId() + "/bot/" + demo.botKey() + "/users")
                    .then().statusCode(not(401));
            assertThat(E2EDatabase.queryOne(second.infrastructure().postgresJdbcUrl(), "SELECT note FROM public.survives_restart"))
                    .isEqualTo("kept");
            assertThat(E2EDatabase.queryOne(second.infrastructure().postgresJdbcUrl(), MIGRATIONS))
                    .as("nothing migrated twice").isEqualTo(migrations);
        }
    }
}
