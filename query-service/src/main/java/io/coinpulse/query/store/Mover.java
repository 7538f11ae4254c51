package io.coinpulse.query.store;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One asset among the top gainers or losers of a period, a row of {@code movers}. */
@Schema(name = "Mover", description = "An asset among the top gainers or losers of the period")
public record Mover(
        @Schema(description = "1 = the biggest move", example = "1")
        int rank,
        @Schema(description = "Asset symbol", example = "SOL")
        String asset,
        @Schema(description = "Source of the prices", example = "binance")
        String source,
        @Schema(description = "(closePrice - openPrice) / openPrice * 100 over the period", example = "2.41")
        double pctChange,
        @Schema(description = "Price at the start of the period", example = "142.1")
        double openPrice,
        @Schema(description = "Price at the end of the period", example = "145.52")
        double closePrice) {
}
