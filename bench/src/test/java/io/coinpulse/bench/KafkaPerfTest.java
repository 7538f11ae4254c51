package io.coinpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The result lines of Kafka 4.3.1's perf tools, as they printed them on this machine. */
class KafkaPerfTest {

    @Test
    void producerSummaryIsTheLastLineNotAnIntervalReport() {
        String out = """
                Option --producer-props has been deprecated and will be removed in a future version. Use --command-property instead.
                6319 records sent, 1260.5 records/sec (0.21 MB/sec), 1556.7 ms avg latency, 2826.0 ms max latency.
                60000 records sent, 6888.633754 records/sec (1.14 MB/sec), 3159.14 ms avg latency, 4069.00 ms max latency, \
                3646 ms 50th, 3957 ms 95th, 4018 ms 99th, 4067 ms 99.9th.
                """;

        KafkaPerf.ProducerResult r = KafkaPerf.ProducerResult.parse(out);

        assertThat(r).isEqualTo(new KafkaPerf.ProducerResult(60000, 6888.633754, 1.14, 3159.14, 4018));
    }

    @Test
    void producerWithoutSummaryFailsWithTheOutput() {
        assertThatThrownBy(() -> KafkaPerf.ProducerResult.parse("6319 records sent, 1260.5 records/sec (0.21 MB/sec),"
                + " 1556.7 ms avg latency, 2826.0 ms max latency.\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("1260.5 records/sec");
    }

    @Test
    void consumerResultByHeaderName() {
        String out = """
                Warning: --messages is deprecated. Use --num-records instead.
                start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, \
                fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
                2026-11-25 13:44:06:203, 2026-11-25 13:44:07:704, 4.9356, 3.2882, 30000, 19986.6755, 936, 565, 8.7355, 53097.3451
                """;

        KafkaPerf.ConsumerResult r = KafkaPerf.ConsumerResult.parse(out);

        assertThat(r).isEqualTo(new KafkaPerf.ConsumerResult(30000, 3.2882, 19986.6755, 53097.3451));
    }

    @Test
    void consumerWithoutResultLineFails() {
        assertThatThrownBy(() -> KafkaPerf.ConsumerResult.parse("WARN something\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no ConsumerPerformance result");
    }

    @Test
    void producerPerformanceSendsTheTicksIngestPublishes() {
        assertThat(TickFile.withIngestTime("{\"source\":\"bench\",\"price\":1.5,\"id\":\"bench:10:0\"}"))
                .isEqualTo("{\"source\":\"bench\",\"price\":1.5,\"id\":\"bench:10:0\",\"ingestTime\":1772323200000}");
        assertThat(KafkaPerf.INGEST_PRODUCER).contains("compression.type=lz4", "acks=all", "enable.idempotence=true");
    }
}
