package io.coinpulse.query.live;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.coinpulse.query.store.WindowMetrics;

/**
 * A window update of {@code crypto.metrics} and of the live stream: the window's metrics with its
 * source, asset and size, all in one flat JSON object (docs/CONTRACTS.md).
 */
@JsonPropertyOrder({"source", "asset", "size"})
public record WindowUpdate(String source, String asset, String size, @JsonUnwrapped WindowMetrics window) {
}
