package io.coinpulse.query.service;

import io.coinpulse.query.store.IndicatorWindow;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The derived indicators of one asset's consecutive 1m windows, oldest first. */
@Schema(name = "IndicatorSeries", description = "The derived indicators of an asset's 1m windows, oldest first")
public record IndicatorSeries(
        @Schema(example = "BTC") String asset,
        @Schema(example = "binance") String source,
        List<IndicatorWindow> windows) {
}
