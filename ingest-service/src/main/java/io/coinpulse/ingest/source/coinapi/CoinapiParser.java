package io.coinpulse.ingest.source.coinapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.source.live.BadFieldException;
import io.coinpulse.ingest.source.live.FrameJson;
import io.coinpulse.ingest.source.live.Symbols;
import io.coinpulse.ingest.tick.MalformedJsonException;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickResult;
import io.coinpulse.ingest.tick.TickValidator;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A CoinAPI exchange rate ({@code /v1/exchangerate/{base}/{quote}} response, or the WebSocket {@code exrate}
 * message of the same shape): a {@code quote} of {@code asset_id_base} in {@code asset_id_quote}: price
 * {@code rate} (a JSON float, read exactly), event time {@code time} (seven fractional digits), id
 * {@code coinapi:<BASE>/<QUOTE>:t<time in ns>}. Stateless.
 */
public final class CoinapiParser implements FrameParser {

    public static final String SOURCE = "coinapi";

    @Override
    public List<TickResult> parse(String frame, long receivedAt) {
        JsonNode root;
        try {
            root = FrameJson.readObject(frame);
        } catch (MalformedJsonException e) {
            return List.of(new TickResult.Invalid(SOURCE, Reason.MALFORMED_JSON, e.getMessage(), frame));
        }
        if (!root.has("rate") && root.has("error")) {
            return List.of();
        }
        String base = FrameJson.text(root, "asset_id_base");
        String quote = FrameJson.text(root, "asset_id_quote");
        Optional<String> asset = Symbols.asset(base);
        Optional<String> currency = Symbols.asset(quote);
        if (asset.isEmpty() || currency.isEmpty()) {
            return List.of(new TickResult.Skipped(SOURCE, TickResult.Skipped.UNKNOWN_SYMBOL, "pair "
                    + (base == null ? "?" : FrameJson.quote(base)) + "/" + (quote == null ? "?" : FrameJson.quote(quote))
                    + " is not two asset symbols"));
        }
        try {
            double price = FrameJson.toDouble(FrameJson.requiredDecimal(root, "rate", Reason.INVALID_PRICE));
            Instant time = FrameJson.instant(root, "time");
            return List.of(TickValidator.check(Tick.quote(SOURCE, asset.get(), currency.get(), price, null, null,
                    time.toEpochMilli(), SOURCE + ":" + asset.get() + "/" + currency.get() + ":t" + FrameJson.epochNanos(time)),
                    frame));
        } catch (BadFieldException e) {
            return List.of(new TickResult.Invalid(SOURCE, e.reason(), base + "/" + quote + ": " + e.getMessage(), frame));
        }
    }
}
