package io.coinpulse.ingest.source;

import io.coinpulse.ingest.tick.TickResult;
import io.coinpulse.ingest.tick.TickValidator;
import java.util.List;

/**
 * Turns one raw frame of a source (a WebSocket message, a REST response, a line) into candidate ticks,
 * each valid or rejected. A frame may hold several ticks or none (a heartbeat). Connector parsers build
 * {@link io.coinpulse.ingest.tick.Tick}s and pass each through {@link TickValidator#check}.
 * Must be deterministic in ({@code frame}, {@code receivedAt}): replaying a recording gives the same ticks.
 */
@FunctionalInterface
public interface FrameParser {

    /** A frame that is one canonical tick (SPEC §3), as in replay files and the synthetic source. */
    FrameParser CANONICAL = (frame, receivedAt) -> List.of(TickValidator.validate(frame));

    /**
     * @param frame      the raw text exactly as received
     * @param receivedAt when it was received, epoch ms (for sources whose frames carry no time)
     */
    List<TickResult> parse(String frame, long receivedAt);
}
