package io.coinpulse.query.store;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Every derived indicator of one 1m window: a row of {@code window_indicators}. */
@Schema(name = "IndicatorWindow", description = "The derived indicators of one 1m window")
public record IndicatorWindow(
        @Schema(description = "Start of the 1m window, epoch ms", example = "1772323200000")
        long windowStart,
        @Schema(description = "Indicator name (sma_<n>, ema_<n>, change_1m, change_5m, volatility_<n>) to its value;"
                + " null while undefined (too few consecutive 1m windows)")
        Map<String, Double> values) {
}
