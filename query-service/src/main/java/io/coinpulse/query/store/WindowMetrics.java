package io.coinpulse.query.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The metrics of one event-time window (SPEC §4), as served by the API: camelCase names, times in
 * epoch milliseconds. One row of {@code window_metrics}; source, asset and size are the envelope's.
 */
@Schema(name = "WindowMetrics", description = "Metrics of one event-time window [windowStart, windowEnd) (SPEC §4)")
@JsonPropertyOrder({"windowStart", "windowEnd", "open", "high", "low", "close", "avgPrice", "vwap", "volumeBase",
        "volumeQuote", "tickCount", "tradeCount", "priceStddev", "pctChange", "final"})
public record WindowMetrics(
        @Schema(description = "Start of the window, epoch ms, inclusive", example = "1772323200000")
        long windowStart,
        @Schema(description = "End of the window, epoch ms, exclusive", example = "1772323260000")
        long windowEnd,
        @Schema(description = "Price of the first record in the window", example = "68023.6")
        double open,
        @Schema(description = "Highest price", example = "68110.2")
        double high,
        @Schema(description = "Lowest price", example = "67990.1")
        double low,
        @Schema(description = "Price of the last record in the window", example = "68101.9")
        double close,
        @Schema(description = "Mean of all prices in the window", example = "68050.3")
        double avgPrice,
        @Schema(description = "volumeQuote / volumeBase; null when the window has no trades", nullable = true,
                example = "68049.8")
        Double vwap,
        @Schema(description = "Sum of trade sizes, base units", example = "1.52")
        double volumeBase,
        @Schema(description = "Sum of price * size over trades, quote currency", example = "103436.7")
        double volumeQuote,
        @Schema(description = "Records counted (trades and quotes)", example = "184")
        long tickCount,
        @Schema(description = "Trades counted", example = "166")
        long tradeCount,
        @Schema(description = "Population standard deviation of prices", example = "31.2")
        double priceStddev,
        @Schema(description = "(close - open) / open * 100", example = "0.115")
        double pctChange,
        @Schema(description = "True once the watermark has passed windowEnd: the metrics will not change any more")
        @JsonProperty("final")
        boolean isFinal) {
}
