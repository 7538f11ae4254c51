package io.coinpulse.query.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkiverse.resteasy.problem.HttpProblem;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The parsing of raw parameters, without a server. */
class RequestParametersTest {

    @Test
    void instantsAreEpochMillisecondsOrIso8601() {
        assertThat(RequestParameters.instant("from", "1772323200000")).hasValue(1772323200000L);
        assertThat(RequestParameters.instant("from", "2026-03-01T00:00:00Z")).hasValue(1772323200000L);
        assertThat(RequestParameters.instant("from", "2026-03-01T00:00:00.250Z")).hasValue(1772323200250L);
        assertThat(RequestParameters.instant("from", "2026-03-01T02:00:00+02:00")).hasValue(1772323200000L);
        assertThat(RequestParameters.instant("from", "2026-03-01T01:00:00+01:00[Europe/Paris]"))
                .hasValue(1772323200000L);
        assertThat(RequestParameters.instant("from", "2026-03-01T00:00")).hasValue(1772323200000L);
        assertThat(RequestParameters.instant("from", "2026-03-01")).hasValue(1772323200000L);
        assertThat(RequestParameters.instant("from", "0")).hasValue(0L);
        assertThat(RequestParameters.instant("from", " 1772323200000 ")).hasValue(1772323200000L);
    }

    @Test
    void blankParametersAreAbsent() {
        assertThat(RequestParameters.instant("to", null)).isEqualTo(OptionalLong.empty());
        assertThat(RequestParameters.instant("to", "  ")).isEqualTo(OptionalLong.empty());
        assertThat(RequestParameters.limit("limit", "", 1000, 10000)).isEqualTo(1000);
        assertThat(RequestParameters.page(null, 10)).isZero();
        assertThat(RequestParameters.source("")).isEqualTo(Optional.empty());
    }

    @Test
    void limitsAndPagesAreBounded() {
        assertThat(RequestParameters.limit("limit", "1", 1000, 10000)).isEqualTo(1);
        assertThat(RequestParameters.limit("limit", "10000", 1000, 10000)).isEqualTo(10000);
        assertThat(RequestParameters.limit("limit", "+7", 1000, 10000)).isEqualTo(7);
        assertThat(RequestParameters.page("10", 10)).isEqualTo(10);
        assertProblem(() -> RequestParameters.limit("limit", "10001", 1000, 10000), "limit",
                "limit must be between 1 and 10000; got 10001");
        assertProblem(() -> RequestParameters.page("11", 10), "page",
                "page must be between 0 and 10 (pages count from 0); got 11");
    }

    @Test
    void assetsAreUpperCasedAndChecked() {
        assertThat(RequestParameters.asset("btc")).isEqualTo("BTC");
        assertThat(RequestParameters.asset("1INCH")).isEqualTo("1INCH");
        assertProblem(() -> RequestParameters.asset("A".repeat(21)), "asset",
                "asset must be a symbol of 1 to 20 letters or digits, like BTC; got '" + "A".repeat(21) + "'");
        assertProblem(() -> RequestParameters.asset("BTC'--"), "asset",
                "asset must be a symbol of 1 to 20 letters or digits, like BTC; got 'BTC'--'");
    }

    private static void assertProblem(Runnable call, String parameter, String detail) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(HttpProblem.class, p -> {
            assertThat(p.getStatusCode()).isEqualTo(400);
            assertThat(p.getTitle()).isEqualTo("Invalid parameter");
            assertThat(p.getDetail()).isEqualTo(detail);
            assertThat(p.getParameters()).containsEntry("parameter", parameter);
        });
    }
}
