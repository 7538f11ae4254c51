package io.coinpulse.query.store;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One derived indicator of an asset (SPEC §4) at its latest 1m window: an entry of {@code window_indicators.indicators}. */
@Schema(name = "Indicator", description = "The latest value of one derived indicator over consecutive 1m windows")
public record Indicator(
        @Schema(description = "sma_<n>, ema_<n> (moving averages of n 1m closes), change_1m, change_5m (percent),"
                + " volatility_<n> (standard deviation of n 1m log returns)", example = "ema_12")
        String name,
        @Schema(description = "Start of the 1m window it was computed at, epoch ms", example = "1772323560000")
        long windowStart,
        @Schema(description = "Its value; null while the history is too short", nullable = true, example = "68088.41")
        Double value) {
}
