package io.coinpulse.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamPositionTest {

    @Test
    void rendersPartitionsInOrderAndParsesBack() {
        StreamPosition p = StreamPosition.START.with("m1", 977).with("a0", 12).with("m0", 1041);
        assertThat(p.render()).isEqualTo("a0:12,m0:1041,m1:977");
        assertThat(StreamPosition.parse(p.render())).isEqualTo(p);
        assertThat(p.offset("m1")).hasValue(977);
        assertThat(p.offset("m2")).isEmpty();
        assertThat(p.partitions()).containsExactly("a0", "m0", "m1");
    }

    @Test
    void theStartIsZero() {
        assertThat(StreamPosition.START.render()).isEqualTo("0");
        assertThat(StreamPosition.parse("0")).isEqualTo(StreamPosition.START);
    }

    @Test
    void partitionNumbersAreNormalised() {
        assertThat(StreamPosition.parse("m007:5").render()).isEqualTo("m7:5");
    }

    @Test
    void anythingElseIsRefused() {
        assertThatThrownBy(() -> StreamPosition.parse("")).hasMessage("'' is not <m|a><partition>:<offset>");
        assertThatThrownBy(() -> StreamPosition.parse("x0:1")).hasMessage("'x0:1' is not <m|a><partition>:<offset>");
        assertThatThrownBy(() -> StreamPosition.parse("m0:1,")).hasMessage("'' is not <m|a><partition>:<offset>");
        assertThatThrownBy(() -> StreamPosition.parse("m0:1,m00:2")).hasMessage("names partition m00 twice");
        assertThatThrownBy(() -> StreamPosition.parse("m0:9999999999999999999"))
                .hasMessage("'m0:9999999999999999999' is not <m|a><partition>:<offset>");
        String many = String.join(",", java.util.Collections.nCopies(513, "m1:1"));
        assertThatThrownBy(() -> StreamPosition.parse(many)).hasMessage("names more than 512 partitions");
    }
}
