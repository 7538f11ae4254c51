package io.coinpulse.query.store;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An anomaly alert (SPEC §4): a 1m move or volume beyond k standard deviations of its recent
 * history. One row of {@code alerts}, and the value of a {@code crypto.alerts} record.
 */
@Schema(name = "Alert", description = "An anomaly alert: a 1m price move or volume beyond `threshold` standard deviations")
@JsonPropertyOrder({"alertId", "source", "asset", "windowStart", "kind", "value", "zscore", "threshold", "detectedAt",
        "message"})
public record Alert(
        @Schema(description = "Unique id: <source>:<asset>:<kind>:<windowStart>", example = "binance:BTC:price_move:1772323440000")
        String alertId,
        @Schema(description = "Source of the window that moved", example = "binance")
        String source,
        @Schema(description = "Asset symbol", example = "BTC")
        String asset,
        @Schema(description = "Start of the 1m window that moved, epoch ms", example = "1772323440000")
        long windowStart,
        @Schema(description = "price_move (value: the 1m log return) or volume_spike (value: the 1m quote volume)",
                enumeration = {"price_move", "volume_spike"}, example = "price_move")
        String kind,
        @Schema(description = "The 1m log return, or the 1m quote volume", example = "0.0123")
        double value,
        @Schema(description = "How many standard deviations the value lies from its recent mean", example = "4.2")
        double zscore,
        @Schema(description = "The k the z-score crossed", example = "3.0")
        double threshold,
        @Schema(description = "When spark-app detected it, epoch ms", example = "1772323502000")
        long detectedAt,
        @Schema(description = "Human-readable summary", example = "BTC moved +1.23 % in 1m (4.2 sigma)")
        String message) {

    /** The alert kinds spark-app emits. */
    public static final java.util.List<String> KINDS = java.util.List.of("price_move", "volume_spike");
}
