package io.coinpulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.contracts.TopicSchema;
import io.coinpulse.ingest.publish.DeadLetter;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.source.binance.BinanceParser;
import io.coinpulse.ingest.source.coinapi.CoinapiParser;
import io.coinpulse.ingest.source.coinbase.CoinbaseParser;
import io.coinpulse.ingest.source.coincap.CoincapParser;
import io.coinpulse.ingest.source.coingecko.CoingeckoParser;
import io.coinpulse.ingest.source.kraken.KrakenParser;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.TickJson;
import io.coinpulse.ingest.tick.TickResult;
import io.coinpulse.ingest.tick.TickValidator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What ingest writes to {@code crypto.ticks} and {@code crypto.ticks.dlq} conforms to the contracts module's
 * schemas: the canonical JSON of every valid tick of the sample dataset and of every tick the connector parsers
 * normalise from the real payloads, and the dead letter of every rejected line.
 */
class TopicContractTest {

    private static final long INGEST_TIME = 1_772_400_000_000L;

    @Test
    void everyValidTickOfTheSampleIsPublishedAsAConformingTick() {
        int published = 0;
        for (String line : SampleDataset.lines()) {
            if (TickValidator.validate(line) instanceof TickResult.Valid valid) {
                String json = TickJson.write(valid.tick().withIngestTime(INGEST_TIME));
                assertThat(TopicSchema.TICK.validate(json)).as(json).isEmpty();
                published++;
            }
        }
        assertThat(published).isEqualTo(SampleDataset.VALID);
    }

    @Test
    void everyRejectedLineOfTheSampleIsAConformingDeadLetterWithItsReason() {
        List<String> lines = SampleDataset.lines();
        Map<Integer, Reason> reasons = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (TickValidator.validate(lines.get(i)) instanceof TickResult.Invalid bad) {
                String json = new DeadLetter(bad.source(), bad.reason(), bad.detail(), bad.payload(), INGEST_TIME).toJson();
                assertThat(TopicSchema.DEAD_LETTER.validate(json)).as(json).isEmpty();
                reasons.put(i + 1, bad.reason());
            }
        }
        assertThat(reasons).isEqualTo(SampleDataset.expectedRejections());
    }

    @Test
    void anOversizedWebSocketMessageIsAConformingDeadLetterWithAnEmptyPayload() {
        String json = new DeadLetter("binance", Reason.OVERSIZED, "a message over 1048576 bytes from wss://example",
                "", INGEST_TIME).toJson();
        assertThat(TopicSchema.DEAD_LETTER.validate(json)).isEmpty();
    }

    @Test
    void everyTickNormalisedFromTheRealPayloadsConforms() {
        CoincapParser coincap = new CoincapParser();
        Map<String, Integer> ticks = new TreeMap<>();
        ticks.put("binance_combined.json", conforming(binance(), Fixtures.frame("binance_combined.json")));
        ticks.put("binance_miniticker_arr.json", conforming(binance(),
                "{\"stream\":\"!miniTicker@arr\",\"data\":" + Fixtures.frame("binance_miniticker_arr.json") + "}"));
        ticks.put("binance_ticker_24hr_docs.json", conforming(binance(), Fixtures.frame("binance_ticker_24hr_docs.json")));
        ticks.put("binance_trade.json", conforming(binance(), Fixtures.frame("binance_trade.json")));
        ticks.put("coinapi_exchangerate.json", conforming(new CoinapiParser(), Fixtures.read("coinapi_exchangerate.json")));
        ticks.put("coinapi_ws_exrate_docs.json", conforming(new CoinapiParser(),
                Fixtures.read("coinapi_ws_exrate_docs.json")));
        ticks.put("coinbase_market_trades.json", conforming(new CoinbaseParser(),
                Fixtures.read("coinbase_market_trades.json")));
        ticks.put("coinbase_ticker.json", conforming(new CoinbaseParser(), Fixtures.read("coinbase_ticker.json")));
        ticks.put("coincap_v3_asset.json", conforming(coincap, Fixtures.frame("coincap_v3_asset.json")));
        ticks.put("coingecko_markets.json", conforming(new CoingeckoParser("usd"), Fixtures.read("coingecko_markets.json")));
        ticks.put("kraken_v2_ticker.json", conforming(new KrakenParser(), Fixtures.read("kraken_v2_ticker.json")));
        ticks.put("kraken trade (docs)", conforming(new KrakenParser(), Fixtures.KRAKEN_V2_TRADE_DOCS));
        Map<String, Integer> expected = new TreeMap<>();
        ticks.keySet().forEach(fixture -> expected.put(fixture, 1));
        expected.put("binance_miniticker_arr.json", 41);
        assertThat(ticks).hasSize(12).isEqualTo(expected);
    }

    private static BinanceParser binance() {
        return new BinanceParser(List.of("USDT", "USDC", "FDUSD", "BUSD", "USD", "BTC", "ETH", "BNB", "TRY", "BRL"));
    }

    /** The number of valid ticks the parser gets from the frame, after checking each one's JSON. */
    private static int conforming(FrameParser parser, String frame) {
        int valid = 0;
        for (TickResult result : parser.parse(frame, INGEST_TIME)) {
            if (result instanceof TickResult.Valid tick) {
                String json = TickJson.write(tick.tick().withIngestTime(INGEST_TIME));
                assertThat(TopicSchema.TICK.validate(json)).as(json).isEmpty();
                valid++;
            }
        }
        return valid;
    }
}
