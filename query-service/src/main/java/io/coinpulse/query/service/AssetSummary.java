package io.coinpulse.query.service;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One asset of the listing: its latest price, its 1m, 5m and 24 h changes and its 24 h volume. */
@Schema(name = "AssetSummary", description = "An asset with its latest price (close of its latest 1m window), changes and volume")
public record AssetSummary(
        @Schema(description = "Asset symbol", example = "BTC")
        String asset,
        @Schema(description = "The source of price and change: the primary source when it has 1m data for the asset,"
                + " else the source with the most recent 1m window", example = "binance")
        String source,
        @Schema(description = "Every source with 1m windows of the asset, sorted", example = "[\"binance\", \"coincap\"]")
        List<String> sources,
        @Schema(description = "Close of the latest 1m window", example = "68101.9")
        double price,
        @Schema(description = "Change of price in percent against the close of the 1m window starting 1 minute before"
                + " the latest; null when that window is missing", nullable = true, example = "0.031")
        Double pctChange1m,
        @Schema(description = "Change of price in percent against the close of the 1m window starting 5 minutes before"
                + " the latest; null when that window is missing", nullable = true, example = "0.115")
        Double pctChange5m,
        @Schema(description = "Change of price in percent against the close of the latest 1m window starting 24 h"
                + " (up to 25 h) before the latest; null without data that old", nullable = true, example = "2.35")
        Double pctChange24h,
        @Schema(description = "Traded volume in the quote currency over the 24 h up to the latest window (sum of"
                + " volumeQuote of its 1m windows); 0 for a source of quotes only", example = "1844523071.5")
        double volumeQuote24h,
        @Schema(description = "Start of the latest 1m window, epoch ms", example = "1772323200000")
        long windowStart,
        @Schema(description = "When that window was last written, epoch ms", example = "1772323262512")
        long lastUpdate) {
}
