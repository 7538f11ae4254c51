package io.coinpulse.ingest.publish;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.coinpulse.ingest.tick.Reason;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * A record of {@code crypto.ticks.dlq} (docs/CONTRACTS.md):
 * {@code {"source":…,"reason":"<code>","detail":"<text>","payload":"<raw text as received>","ingestTime":<ms>}}.
 *
 * @param source     the source the record claims or its connector; null when unknown
 * @param reason     the broken rule
 * @param detail     human-readable explanation
 * @param payload    the raw text exactly as received
 * @param ingestTime when ingest rejected it, epoch ms
 */
public record DeadLetter(String source, Reason reason, String detail, String payload, long ingestTime) {

    private static final JsonFactory FACTORY = new JsonFactory();

    public String toJson() {
        StringWriter out = new StringWriter(payload.length() + 160);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("source", source);
            json.writeStringField("reason", reason.code());
            json.writeStringField("detail", detail);
            json.writeStringField("payload", payload);
            json.writeNumberField("ingestTime", ingestTime);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
