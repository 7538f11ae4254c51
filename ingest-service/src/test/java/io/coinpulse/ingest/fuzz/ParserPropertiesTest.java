package io.coinpulse.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.ingest.Fixtures;
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
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * Every connector parser, fed random and mutated frames (starting from the real payloads of
 * {@code ../shared/fixtures/sources/}), never throws: each outcome is a valid tick that satisfies every SPEC §3
 * rule and survives a JSON round trip, a rejection with a reason code and a detail, or a skip with a known
 * reason. Fixed seeds and try counts keep the run deterministic and short.
 */
class ParserPropertiesTest {

    /** Each parser with the fixtures of its own source, so mutations reach its field handling. */
    private static final Map<String, List<String>> FIXTURES = Map.of(
            "binance", List.of("binance_combined.json", "binance_miniticker_arr.json", "binance_ticker_24hr_docs.json",
                    "binance_trade.json"),
            "coinapi", List.of("coinapi_exchangerate.json", "coinapi_ws_exrate_docs.json"),
            "coinbase", List.of("coinbase_heartbeats.json", "coinbase_market_trades.json", "coinbase_ticker.json"),
            "coincap", List.of("coincap_v2_deprecation_notice.json", "coincap_v3_asset.json",
                    "coincap_ws_prices_v2.json"),
            "coingecko", List.of("coingecko_markets.json", "coingecko_simple_price.json"),
            "kraken", List.of("kraken_v2_heartbeat.json", "kraken_v2_ticker.json"));

    private static final Map<String, FrameParser> PARSERS = Map.of(
            "binance", new BinanceParser(List.of("USDT", "USDC", "FDUSD", "BUSD", "USD", "BTC", "ETH", "BNB")),
            "coinapi", new CoinapiParser(),
            "coinbase", new CoinbaseParser(),
            "coincap", new CoincapParser(),
            "coingecko", new CoingeckoParser("usd"),
            "kraken", new KrakenParser());

    private static final List<String> SOURCES = List.of("binance", "coinapi", "coinbase", "coincap", "coingecko",
            "kraken");

    @Property(tries = 1500, seed = "20261125", shrinking = ShrinkingMode.BOUNDED)
    void mutatedRealFramesNeverThrowAndEveryOutcomeIsAccountedFor(@ForAll("mutatedFrames") SourcedFrame input) {
        assertOutcomes(input.source(), input.frame());
    }

    @Property(tries = 300, seed = "42", shrinking = ShrinkingMode.BOUNDED)
    void randomTextNeverThrows(@ForAll("sources") String source, @ForAll("randomText") String frame) {
        assertOutcomes(source, frame);
    }

    /** Found by the property above: Jackson threw NumberFormatException out of every parser for this number. */
    @Example
    void aFloatBeyondBigDecimalsRangeIsMalformedNotAnException() {
        for (String source : SOURCES) {
            assertThat(PARSERS.get(source).parse("{\"e\":\"trade\",\"p\":1e2147483648}", 1L))
                    .singleElement().isInstanceOfSatisfying(TickResult.Invalid.class,
                            invalid -> assertThat(invalid.reason()).isEqualTo(Reason.MALFORMED_JSON));
        }
    }

    private static void assertOutcomes(String source, String frame) {
        List<TickResult> results = PARSERS.get(source).parse(frame, 1_772_323_200_000L);
        assertThat(results).isNotNull().doesNotContainNull();
        for (TickResult result : results) {
            assertOutcome(result, source);
        }
    }

    /** What every parser promises of each result. */
    static void assertOutcome(TickResult result, String source) {
        if (result instanceof TickResult.Valid valid) {
            assertThat(valid.tick().source()).isEqualTo(source);
            assertThat(TickValidator.check(valid.tick(), "")).isEqualTo(valid);
            assertThat(TickValidator.validate(TickJson.write(valid.tick()))).isEqualTo(valid);
        } else if (result instanceof TickResult.Invalid invalid) {
            assertThat(invalid.reason()).isNotNull();
            assertThat(invalid.detail()).isNotBlank();
            assertThat(invalid.payload()).isNotNull();
            assertThat(invalid.source()).isEqualTo(source);
        } else if (result instanceof TickResult.Skipped skipped) {
            assertThat(skipped.reason()).isIn(TickResult.Skipped.REASONS);
            assertThat(skipped.source()).isEqualTo(source);
            assertThat(skipped.detail()).isNotBlank();
        }
    }

    record SourcedFrame(String source, String frame) {
    }

    @Provide
    Arbitrary<String> sources() {
        return Arbitraries.of(SOURCES);
    }

    @Provide
    Arbitrary<SourcedFrame> mutatedFrames() {
        Arbitrary<String> sources = Arbitraries.of(SOURCES);
        return sources.flatMap(source -> Combinators.combine(
                Arbitraries.of(FIXTURES.get(source)).map(Fixtures::frame), Arbitraries.longs())
                .as((frame, seed) -> new SourcedFrame(source, FrameMutator.mutate(frame, new Random(seed)))));
    }

    @Provide
    Arbitrary<String> randomText() {
        Arbitrary<String> anyText = Arbitraries.strings().ofMaxLength(200);
        Arbitrary<String> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.-eE truefalsn\\").ofMaxLength(200);
        return Arbitraries.oneOf(anyText, jsonish, Arbitraries.of("", " ", "null", "[]", "{}", "\"x\"", "1", "[null]",
                "[1,2]", "{\"data\":null}", "{\"data\":[]}", "{\"stream\":1,\"data\":2}"));
    }
}
