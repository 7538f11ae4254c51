package io.coinpulse.ingest.pipeline;

/** What the pipeline did with one frame: valid ticks handed to Kafka, rejections sent to the DLQ. */
public record Handled(int valid, int rejected) {
}
