package io.coinpulse.query.service;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** How the pipeline is doing, for the dashboard's strip: the job's input and delays, and ingest's sources. */
@Schema(name = "PipelineStatus", description = "The pipeline's throughput, delays and sources")
public record PipelineStatus(
        @Schema(description = "When this was measured, epoch ms") long asOf,
        @Schema(description = "The window sizes the API serves (coinpulse.windows)", example = "[\"1m\",\"5m\"]")
        List<String> sizes,
        @Schema(description = "Ticks the Spark job read per second over the last minute")
        double ticksPerSecond,
        @Schema(description = "Ticks it dropped behind the watermark over the last minute")
        long lateLastMinute,
        @Schema(description = "Milliseconds since the job's latest micro-batch ended; null before the first")
        Long freshnessMs,
        @Schema(description = "Milliseconds between now and the newest event time the job has read; null before the first")
        Long lagMs,
        @Schema(description = "Ticks ingest sent to the dead-letter topic per second since the previous request;"
                + " null without an earlier sample or without ingest")
        Double dlqPerSecond,
        @Schema(description = "ingest: unconfigured (no coinpulse.ingest-url), unreachable, or up")
        String ingest,
        @Schema(description = "Each ingest source's state and counters")
        List<Source> sources) {

    /** One ingest source, as its readiness check reports it. */
    @Schema(name = "PipelineSource")
    public record Source(
            @Schema(example = "binance") String name,
            @Schema(description = "idle, starting, running, retrying, completed, failed, crashed or stopped", example = "running")
            String state,
            @Schema(description = "Why, in words an operator can act on") String detail,
            @Schema(description = "Ticks published to Kafka since ingest started") long published,
            @Schema(description = "Candidate ticks rejected to the dead-letter topic since ingest started") long rejected) {
    }
}
