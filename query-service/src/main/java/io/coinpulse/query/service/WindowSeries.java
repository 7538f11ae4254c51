package io.coinpulse.query.service;

import io.coinpulse.query.store.WindowMetrics;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The window metrics time series of one asset from one source, oldest first (SPEC §6). */
@Schema(name = "WindowSeries", description = "Window metrics of one asset from one source, oldest first")
public record WindowSeries(
        @Schema(description = "Asset symbol", example = "BTC")
        String asset,
        @Schema(description = "The source the windows come from (requested, primary, or the only one with data)",
                example = "binance")
        String source,
        @Schema(description = "Window size", example = "1m")
        String size,
        @Schema(description = "The windows, oldest first")
        List<WindowMetrics> windows) {
}
