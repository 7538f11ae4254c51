package io.coinpulse.ingest.source.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReplaySpeedTest {

    @Test
    void maxIsAsFastAsPossible() {
        assertThat(ReplaySpeed.parse("max")).isEqualTo(ReplaySpeed.MAX);
        assertThat(ReplaySpeed.parse(" MAX ").isMax()).isTrue();
        assertThat(ReplaySpeed.MAX.wallNanos(60_000)).isZero();
        assertThat(ReplaySpeed.MAX).hasToString("max");
    }

    @Test
    void aMultipleScalesEventTimeGaps() {
        ReplaySpeed two = ReplaySpeed.parse("2");
        assertThat(two.multiple()).isEqualTo(2.0);
        assertThat(two.isMax()).isFalse();
        assertThat(two.wallNanos(1_000)).isEqualTo(500_000_000L);
        assertThat(ReplaySpeed.parse("1").wallNanos(1_000)).isEqualTo(1_000_000_000L);
        assertThat(ReplaySpeed.parse("0.5").wallNanos(1_000)).isEqualTo(2_000_000_000L);
        assertThat(ReplaySpeed.parse("10").wallNanos(-5)).isZero();
        assertThat(two).hasToString("2x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "0", "0.0", "-1", "fast", "2x", "NaN", "Infinity", "1e3", "0x10", "2d", "maximum"})
    void badValuesAreRejectedWithAMessageSayingWhatIsAccepted(String value) {
        assertThatThrownBy(() -> ReplaySpeed.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'max' or a positive multiple");
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> ReplaySpeed.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePacerWaitsOnEventTimeGapsAndNeverForLateEvents() throws InterruptedException {
        long[] now = {0};
        List<Long> sleeps = new ArrayList<>();
        ReplayPacer pacer = new ReplayPacer(ReplaySpeed.parse("2"), () -> now[0], nanos -> {
            sleeps.add(nanos);
            now[0] += nanos;
        });
        pacer.await(10_000);          // first timed line: at once
        pacer.await(12_000);          // 2 s later in event time = 1 s of wall time at 2x
        pacer.await(11_000);          // disordered (earlier): at once
        pacer.await(ReplayPacer.NO_TIME); // no time: at once
        now[0] += 3_000_000_000L;     // publishing fell 3 s behind
        pacer.await(14_000);          // due at 2 s, it is 4 s: at once
        pacer.await(30_000);          // due at 10 s
        assertThat(sleeps).containsExactly(1_000_000_000L, 6_000_000_000L);
    }

    @Test
    void atMaxThePacerNeverWaits() throws InterruptedException {
        List<Long> sleeps = new ArrayList<>();
        ReplayPacer pacer = new ReplayPacer(ReplaySpeed.MAX, () -> 0L, sleeps::add);
        pacer.await(1);
        pacer.await(1_000_000);
        assertThat(sleeps).isEmpty();
    }
}
