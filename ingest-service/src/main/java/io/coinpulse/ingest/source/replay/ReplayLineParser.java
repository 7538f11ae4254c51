package io.coinpulse.ingest.source.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coinpulse.ingest.pipeline.IngestPipeline;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.tick.FastTickReader;
import io.coinpulse.ingest.tick.MalformedJsonException;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickResult;
import io.coinpulse.ingest.tick.TickValidator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One replay line → its ticks and the time to pace it on. A line is either a canonical tick (SPEC §3) or a
 * recorded raw frame {@code {"source":…,"receivedAt":…,"frame":"…"}} (it has a {@code frame} field), which
 * goes through that source's own parser exactly as it did live. Each line is parsed once.
 */
final class ReplayLineParser {

    /** The ticks of a line, and its event time (or receive time for a frame), {@link ReplayPacer#NO_TIME} if none. */
    record ReplayLine(long time, List<TickResult> results) {
    }

    private final Function<String, Optional<FrameParser>> parsers;

    /** @param parsers the parser of a source by name, for recorded frames */
    ReplayLineParser(Function<String, Optional<FrameParser>> parsers) {
        this.parsers = parsers;
    }

    ReplayLine parse(String line) {
        Tick fast = FastTickReader.read(line); // a valid canonical tick, the common case, without a tree
        if (fast != null) {
            return new ReplayLine(fast.eventTime(), List.of(new TickResult.Valid(fast)));
        }
        ObjectNode node;
        try {
            node = TickValidator.readObject(line);
        } catch (MalformedJsonException e) {
            return rejected(ReplayPacer.NO_TIME, null, Reason.MALFORMED_JSON, e.getMessage(), line);
        }
        if (node.has("frame")) {
            return frame(node, line);
        }
        TickResult result = TickValidator.validate(node, line);
        long time = result instanceof TickResult.Valid valid ? valid.tick().eventTime() : integral(node.get("eventTime"));
        return new ReplayLine(time, List.of(result));
    }

    private ReplayLine frame(ObjectNode node, String line) {
        JsonNode sourceNode = node.get("source");
        String source = sourceNode != null && sourceNode.isTextual() && !sourceNode.textValue().isBlank()
                ? sourceNode.textValue() : null;
        long receivedAt = integral(node.get("receivedAt"));
        JsonNode frame = node.get("frame");
        if (!frame.isTextual()) {
            return rejected(receivedAt, source, Reason.MALFORMED_JSON, "a recorded frame must be a JSON string", line);
        }
        if (source == null) {
            return rejected(receivedAt, null, Reason.MISSING_SOURCE, "a recorded frame needs the source it came from",
                    line);
        }
        if (receivedAt == ReplayPacer.NO_TIME || receivedAt <= 0) {
            return rejected(receivedAt, source, Reason.INVALID_EVENT_TIME,
                    "a recorded frame needs receivedAt, a positive integer of epoch milliseconds", line);
        }
        Optional<FrameParser> parser = parsers.apply(source);
        if (parser.isEmpty()) {
            return rejected(receivedAt, source, Reason.MISSING_SOURCE,
                    "no parser for recorded frames of source '" + source + "'", frame.textValue());
        }
        return new ReplayLine(receivedAt, IngestPipeline.parse(source, parser.get(), frame.textValue(), receivedAt));
    }

    private static ReplayLine rejected(long time, String source, Reason reason, String detail, String payload) {
        return new ReplayLine(time, List.of(new TickResult.Invalid(source, reason, detail, payload)));
    }

    private static long integral(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : ReplayPacer.NO_TIME;
    }
}
