package io.coinpulse.ingest.source.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.coinpulse.ingest.Fixtures;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinanceParserTest {

    static final List<String> QUOTES = List.of("USDT", "USDC", "FDUSD", "BUSD", "USD", "BTC", "ETH", "BNB", "TRY", "BRL");

    private final BinanceParser parser = new BinanceParser(QUOTES);

    @Test
    void aRawTradeFrameIsATradeWithItsTradeTimeAndId() {
        assertThat(parser.parse(Fixtures.frame("binance_trade.json"), 1L)).containsExactly(new TickResult.Valid(
                Tick.trade("binance", "BTC", "USDT", 113747.89, 0.0006, 1757522615939L, "binance:BTCUSDT:5225367649")));
    }

    @Test
    void aCombinedStreamFrameIsUnwrapped() {
        assertThat(parser.parse(Fixtures.frame("binance_combined.json"), 1L)).containsExactly(new TickResult.Valid(
                Tick.trade("binance", "BTC", "USDT", 107407.88, 0.00024, 1751132780368L, "binance:BTCUSDT:5052328858")));
    }

    @Test
    void theWholeMarketMiniTickerIsAQuotePerSymbolWithTheQuoteVolume() {
        String frame = "{\"stream\":\"!miniTicker@arr\",\"data\":" + Fixtures.frame("binance_miniticker_arr.json") + "}";
        List<TickResult> results = parser.parse(frame, 1L);
        assertThat(results).hasSize(41).allSatisfy(r -> assertThat(r).isInstanceOf(TickResult.Valid.class));
        List<Tick> ticks = results.stream().map(r -> ((TickResult.Valid) r).tick()).toList();
        assertThat(ticks.get(0)).isEqualTo(Tick.quote("binance", "ETH", "BTC", 0.06778, 6874.09078075, null,
                1665778598150L, "binance:ETHBTC:m1665778598150"));
        assertThat(ticks).filteredOn(t -> t.id().startsWith("binance:BTCUSDT:")).containsExactly(Tick.quote("binance",
                "BTC", "USDT", 19182.1, 7119945056.154964, null, 1665778598188L, "binance:BTCUSDT:m1665778598188"));
        // the longest quote wins: BUSD, not USD; a stablecoin as base
        assertThat(ticks).extracting(Tick::id, Tick::asset, Tick::quote).contains(
                tuple("binance:ETHBUSD:m1665778597777", "ETH", "BUSD"),
                tuple("binance:BUSDUSDT:m1665778597675", "BUSD", "USDT"),
                tuple("binance:USDTTRY:m1665778598411", "USDT", "TRY"));
        assertThat(ticks).allSatisfy(t -> {
            assertThat(t.size()).isNull();
            assertThat(t.marketCap()).isNull();
        });
    }

    @Test
    void theFull24hTickerIsAQuoteToo() {
        assertThat(parser.parse(Fixtures.frame("binance_ticker_24hr_docs.json"), 1L)).containsExactly(new TickResult.Valid(
                Tick.quote("binance", "BNB", "BTC", 0.0025, 18.0, null, 123456789L, "binance:BNBBTC:m123456789")));
    }

    @Test
    void symbolsEndingInNoConfiguredQuoteAreSkippedNotRejected() {
        BinanceParser usdtOnly = new BinanceParser(List.of("USDT"));
        List<TickResult> results = usdtOnly.parse(Fixtures.frame("binance_miniticker_arr.json"), 1L);
        long valid = results.stream().filter(r -> r instanceof TickResult.Valid).count();
        List<TickResult.Skipped> skipped = results.stream().filter(r -> r instanceof TickResult.Skipped)
                .map(r -> (TickResult.Skipped) r).toList();
        assertThat(valid).isEqualTo(24);
        assertThat(skipped).hasSize(17).allSatisfy(s -> {
            assertThat(s.source()).isEqualTo("binance");
            assertThat(s.reason()).isEqualTo(TickResult.Skipped.UNKNOWN_SYMBOL);
        });
        assertThat(skipped.get(0).detail()).isEqualTo(
                "element 0 symbol \"ETHBTC\" does not end in a configured quote asset (coinpulse.ingest.binance.quote-assets)");
    }

    @Test
    void unknownFieldsAreIgnored() {
        String frame = "{\"e\":\"trade\",\"E\":1,\"s\":\"ETHUSDC\",\"t\":7,\"p\":\"3500.10\",\"q\":\"2\",\"T\":1757522615939,"
                + "\"new\":{\"nested\":[1,2]},\"m\":false}";
        assertThat(parser.parse(frame, 1L)).containsExactly(new TickResult.Valid(
                Tick.trade("binance", "ETH", "USDC", 3500.1, 2.0, 1757522615939L, "binance:ETHUSDC:7")));
    }

    @Test
    void nullsAndBadNumbersAreRejectedWithTheFieldNamed() {
        String frame = "{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":1,\"p\":%s,\"q\":%s,\"T\":%s}";
        assertInvalid(String.format(frame, "null", "\"1\"", "1"), Reason.INVALID_PRICE, "BTCUSDT: p is missing or null");
        assertInvalid(String.format(frame, "\"1\"", "\"abc\"", "1"), Reason.INVALID_SIZE,
                "BTCUSDT: q \"abc\" is not a decimal number");
        assertInvalid(String.format(frame, "\"NaN\"", "\"1\"", "1"), Reason.INVALID_PRICE,
                "BTCUSDT: p \"NaN\" is not a decimal number");
        assertInvalid(String.format(frame, "\"1\"", "\"1\"", "null"), Reason.INVALID_EVENT_TIME,
                "BTCUSDT: T is missing or null");
        // read exactly, then the SPEC §3 rules: a negative price is out of range
        assertInvalid(String.format(frame, "\"-1\"", "\"1\"", "1"), Reason.INVALID_PRICE, "price must be finite and > 0, got -1.0");
        assertInvalid("{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"p\":\"1\",\"q\":\"1\",\"T\":1}", Reason.MISSING_ID,
                "BTCUSDT: trade id t is missing");
    }

    @Test
    void aMalformedFrameIsRejectedWhole() {
        String frame = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\"";
        TickResult.Invalid invalid = (TickResult.Invalid) parser.parse(frame, 1L).get(0);
        assertThat(invalid.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(invalid.source()).isEqualTo("binance");
        assertThat(invalid.payload()).isEqualTo(frame);
    }

    @Test
    void repliesAndNoticesGiveNoTicks() {
        assertThat(parser.parse("{\"result\":null,\"id\":1}", 1L)).isEmpty();
        assertThat(parser.parse("{\"result\":[\"btcusdt@trade\"],\"id\":1}", 1L)).isEmpty();
        assertThat(parser.parse("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}",
                1L)).isEmpty();
        assertThat(parser.parse("{\"e\":\"aggTrade\",\"s\":\"BTCUSDT\"}", 1L)).isEmpty();
    }

    private void assertInvalid(String frame, Reason reason, String detail) {
        List<TickResult> results = parser.parse(frame, 1L);
        assertThat(results).singleElement().isInstanceOf(TickResult.Invalid.class);
        TickResult.Invalid invalid = (TickResult.Invalid) results.get(0);
        assertThat(invalid.reason()).as(frame).isEqualTo(reason);
        assertThat(invalid.detail()).as(frame).isEqualTo(detail);
        assertThat(invalid.source()).isEqualTo("binance");
        assertThat(invalid.payload()).isEqualTo(frame);
    }
}
