package io.coinpulse.ingest.source.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration FALLBACK = Duration.ofSeconds(60);

    @Test
    void delaySecondsOrAnHttpDate() {
        assertThat(RetryAfter.parse("30", NOW, FALLBACK)).isEqualTo(Duration.ofSeconds(30));
        assertThat(RetryAfter.parse(" 0 ", NOW, FALLBACK)).isEqualTo(Duration.ZERO);
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 12:00:45 GMT", NOW, FALLBACK)).isEqualTo(Duration.ofSeconds(45));
        assertThat(RetryAfter.parse("Sun, 01 Mar 2026 11:59:00 GMT", NOW, FALLBACK)).isEqualTo(Duration.ZERO);
    }

    @Test
    void absentOrUnreadableTakesTheFallback() {
        assertThat(RetryAfter.parse(null, NOW, FALLBACK)).isEqualTo(FALLBACK);
        assertThat(RetryAfter.parse("", NOW, FALLBACK)).isEqualTo(FALLBACK);
        assertThat(RetryAfter.parse("soon", NOW, FALLBACK)).isEqualTo(FALLBACK);
        assertThat(RetryAfter.parse("-5", NOW, FALLBACK)).isEqualTo(FALLBACK);
        assertThat(RetryAfter.parse("99999999999999999999", NOW, FALLBACK)).isEqualTo(FALLBACK);
    }
}
