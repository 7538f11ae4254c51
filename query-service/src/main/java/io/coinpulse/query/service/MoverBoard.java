package io.coinpulse.query.service;

import io.coinpulse.query.store.Mover;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The top gainers and losers of a period as of the latest 1m window boundary spark-app ranked them at. */
@Schema(name = "MoverBoard", description = "Top gainers and losers over a period, as of the latest ranking")
public record MoverBoard(
        @Schema(description = "The period the moves are measured over", example = "5m")
        String period,
        @Schema(description = "The 1m window boundary the ranking is as of, epoch ms; null before the first ranking",
                nullable = true, example = "1772323560000")
        Long asOf,
        @Schema(description = "Biggest rises first")
        List<Mover> gainers,
        @Schema(description = "Biggest falls first")
        List<Mover> losers) {
}
