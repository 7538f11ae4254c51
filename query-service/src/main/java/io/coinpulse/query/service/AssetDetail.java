package io.coinpulse.query.service;

import io.coinpulse.query.store.Indicator;
import io.coinpulse.query.store.WindowMetrics;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The latest state of one asset from one source: its latest windows and its derived analytics. */
@Schema(name = "AssetDetail", description = "The latest window metrics of one asset, per configured window size,"
        + " and the latest value of each of its derived indicators")
public record AssetDetail(
        @Schema(description = "Asset symbol", example = "BTC")
        String asset,
        @Schema(description = "The source of the metrics (requested, primary, or the only one with data)",
                example = "binance")
        String source,
        @Schema(description = "Every source with data for the asset, sorted", example = "[\"binance\"]")
        List<String> sources,
        @Schema(description = "The latest window per configured size that has data, keyed by size (1m, 5m, …)")
        Map<String, WindowMetrics> latest,
        @Schema(description = "The latest value of every indicator spark-app computes for the asset from this source,"
                + " by name; empty before it computed any")
        List<Indicator> indicators) {
}
