package io.coinpulse.query.service;

import io.coinpulse.query.store.Alert;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Recent anomaly alerts, newest first. */
@Schema(name = "AlertList", description = "Anomaly alerts, newest first")
public record AlertList(
        @Schema(description = "The since of the request (epoch ms), null when it gave none", nullable = true,
                example = "1772323200000")
        Long since,
        @Schema(description = "The alerts detected at or after since, newest first, at most limit of them")
        List<Alert> alerts) {
}
