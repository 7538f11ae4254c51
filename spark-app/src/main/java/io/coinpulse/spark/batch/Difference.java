package io.coinpulse.spark.batch;

/**
 * One disagreement between the stream's row and the batch's window: a metric that differs, or
 * {@code metric = "window"} when one side has no such window (its value null).
 */
public record Difference(String source, String asset, String windowSize, long windowStart, String metric,
        String streamValue, String batchValue) {

    @Override
    public String toString() {
        return source + "/" + asset + "/" + windowSize + "/" + windowStart + " " + metric + ": stream " + streamValue
                + ", batch " + batchValue;
    }
}
