package io.coinpulse.query.rest;

import static io.coinpulse.query.testing.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.Database;
import io.coinpulse.query.testing.Fixtures;
import io.coinpulse.query.testing.MariaDbResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The real MariaDB stops under the running service and comes back. */
@QuarkusTest
@WithTestResource(MariaDbResource.class)
class DatabaseOutageTest {

    @Inject
    DataSource dataSource;

    @Test
    void aStoppedDatabaseIs503AndNotReadyAndTheServiceRecoversWhenItReturns() throws Exception {
        Fixtures.load(dataSource);
        Database database = MariaDbResource.current();
        database.stop();
        try {
            Response down = given().get("/api/v1/assets/BTC/windows");
            down.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            assertThat(down.asString()).doesNotContain("Exception").doesNotContain("jdbc:");
            assertThat(down.jsonPath().getString("title")).isEqualTo("Database unavailable");
            assertThat(down.jsonPath().getString("detail"))
                    .isEqualTo("The database did not answer; try again in a few seconds");
            management().get("/q/health/ready").then().statusCode(503);
        } finally {
            database.restart();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            status = given().get("/api/v1/assets/BTC/windows").statusCode();
            if (status != 200) {
                Thread.sleep(250);
            }
        }
        assertThat(status).isEqualTo(200);
        assertThat(given().get("/api/v1/assets/BTC/windows").jsonPath().getList("windows")).hasSize(7);
        management().get("/q/health/ready").then().statusCode(200);
    }
}
