package io.coinpulse.query.service;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of the asset listing, in symbol order. */
@Schema(name = "AssetPage", description = "One page of assets in symbol order")
public record AssetPage(
        @Schema(description = "Page number, counted from 0", example = "0")
        long page,
        @Schema(description = "Page size asked for", example = "100")
        int limit,
        @Schema(description = "Number of assets on all pages", example = "1042")
        long total,
        @Schema(description = "The assets of this page, sorted by symbol")
        List<AssetSummary> assets) {
}
