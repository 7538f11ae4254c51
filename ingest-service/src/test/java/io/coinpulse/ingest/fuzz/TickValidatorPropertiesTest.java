package io.coinpulse.ingest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coinpulse.ingest.tick.FastTickReader;
import io.coinpulse.ingest.tick.Kind;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickJson;
import io.coinpulse.ingest.tick.TickResult;
import io.coinpulse.ingest.tick.TickValidator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * SPEC §3 validation as properties: a valid tick round-trips through its canonical JSON unchanged; a valid tick
 * with exactly one rule broken is rejected with that rule's reason code; arbitrary and mutated input never throws
 * and is either valid or rejected with a reason.
 */
class TickValidatorPropertiesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Property(tries = 1000, seed = "3")
    void aValidTickRoundTripsThroughJsonUnchanged(@ForAll("validTicks") Tick tick) throws Exception {
        String json = TickJson.write(tick);
        assertThat(TickValidator.validate(json)).isEqualTo(new TickResult.Valid(tick));
        assertThat(TickValidator.check(tick, json)).isEqualTo(new TickResult.Valid(tick));
        // and the same tick from the record/replay form of a field-reordered object
        ObjectNode node = (ObjectNode) MAPPER.readTree(json);
        assertThat(TickValidator.validate(node, json)).isEqualTo(new TickResult.Valid(tick));
    }

    @Property(tries = 1000, seed = "5", shrinking = ShrinkingMode.BOUNDED)
    void aTickWithOneRuleBrokenIsRejectedWithThatRulesReason(@ForAll("validTicks") Tick tick,
            @ForAll("breakages") Breakage breakage) throws Exception {
        ObjectNode node = (ObjectNode) MAPPER.readTree(TickJson.write(tick));
        if (!breakage.appliesTo(tick.kind())) {
            return;
        }
        String raw = breakage.apply(node);
        TickResult result = TickValidator.validate(raw);
        assertThat(result).isInstanceOf(TickResult.Invalid.class);
        TickResult.Invalid invalid = (TickResult.Invalid) result;
        assertThat(invalid.reason()).as(raw).isEqualTo(breakage.reason());
        assertThat(invalid.detail()).isNotBlank();
        assertThat(invalid.payload()).isEqualTo(raw);
        assertThat(invalid.source()).isEqualTo(breakage.reason() == Reason.MISSING_SOURCE ? null : tick.source());
    }

    @Property(tries = 1000, seed = "11", shrinking = ShrinkingMode.BOUNDED)
    void mutatedTicksNeverThrowAndAreValidOnlyIfEveryRuleHolds(@ForAll("validTicks") Tick tick,
            @ForAll long seed) {
        String raw = FrameMutator.mutate(TickJson.write(tick), new Random(seed));
        TickResult result = TickValidator.validate(raw);
        if (result instanceof TickResult.Valid valid) {
            assertThat(TickValidator.check(valid.tick(), raw)).isEqualTo(valid);
            assertThat(TickValidator.validate(TickJson.write(valid.tick()))).isEqualTo(valid);
        } else {
            TickResult.Invalid invalid = (TickResult.Invalid) result;
            assertThat(invalid.reason()).isNotNull();
            assertThat(invalid.detail()).isNotBlank();
            assertThat(invalid.payload()).isEqualTo(raw);
        }
    }

    @Property(tries = 2000, seed = "19", shrinking = ShrinkingMode.BOUNDED)
    void theFastPathTakesOnlyWhatTheTreePathFindsValidWithTheSameTick(@ForAll("validTicks") Tick tick,
            @ForAll long seed, @ForAll boolean mutate) {
        String written = TickJson.write(mutate ? tick : tick.withIngestTime(seed & Long.MAX_VALUE));
        String raw = mutate ? FrameMutator.mutate(written, new Random(seed)) : written;
        Tick fast = FastTickReader.read(raw);
        TickResult tree = TickValidator.validateTree(raw);
        if (fast != null) {
            assertThat(tree).as(raw).isEqualTo(new TickResult.Valid(fast));
        } else {
            assertThat(mutate).as("an unmutated canonical tick takes the fast path: " + raw).isTrue();
        }
        assertThat(TickValidator.validate(raw)).as(raw).isEqualTo(tree);
    }

    @Property(tries = 300, seed = "13")
    void randomTextIsMalformedOrRejectedNeverThrown(@ForAll("text") String raw) {
        TickResult result = TickValidator.validate(raw);
        assertThat(result).isInstanceOf(TickResult.Invalid.class);
        assertThat(((TickResult.Invalid) result).reason()).isNotNull();
    }

    @Property(tries = 500, seed = "17")
    void checkAgreesWithTheJsonValidator(@ForAll("anyTicks") Tick tick) {
        TickResult checked = TickValidator.check(tick, "p");
        if (checked instanceof TickResult.Valid) {
            assertThat(TickValidator.validate(TickJson.write(tick))).isEqualTo(checked);
        } else {
            assertThat(((TickResult.Invalid) checked).reason()).isNotNull();
            assertThat(((TickResult.Invalid) checked).detail()).isNotBlank();
        }
    }

    /** One SPEC §3 rule broken on an otherwise valid tick. */
    record Breakage(String field, String json, Reason reason, Kind only) {

        boolean appliesTo(Kind kind) {
            return only == null || only == kind;
        }

        String apply(ObjectNode node) {
            if (json == null) {
                node.remove(field);
                return node.toString();
            }
            node.put(field, "@@");
            return node.toString().replace("\"@@\"", json);
        }
    }

    @Provide
    Arbitrary<Breakage> breakages() {
        return Arbitraries.of(List.of(
                new Breakage("source", null, Reason.MISSING_SOURCE, null),
                new Breakage("source", "\"  \"", Reason.MISSING_SOURCE, null),
                new Breakage("source", "7", Reason.MISSING_SOURCE, null),
                new Breakage("source", "null", Reason.MISSING_SOURCE, null),
                new Breakage("kind", null, Reason.INVALID_KIND, null),
                new Breakage("kind", "\"Trade\"", Reason.INVALID_KIND, null),
                new Breakage("kind", "[\"trade\"]", Reason.INVALID_KIND, null),
                new Breakage("asset", null, Reason.INVALID_ASSET, null),
                new Breakage("asset", "\"btc\"", Reason.INVALID_ASSET, null),
                new Breakage("asset", "\"\"", Reason.INVALID_ASSET, null),
                new Breakage("asset", "\"" + "A".repeat(21) + "\"", Reason.INVALID_ASSET, null),
                new Breakage("asset", "\"B\u0301TC\"", Reason.INVALID_ASSET, null),
                new Breakage("quote", "\"us d\"", Reason.INVALID_QUOTE, null),
                new Breakage("quote", "1", Reason.INVALID_QUOTE, null),
                new Breakage("price", null, Reason.INVALID_PRICE, null),
                new Breakage("price", "0", Reason.INVALID_PRICE, null),
                new Breakage("price", "-0.0", Reason.INVALID_PRICE, null),
                new Breakage("price", "-1.5", Reason.INVALID_PRICE, null),
                new Breakage("price", "1e400", Reason.INVALID_PRICE, null),
                new Breakage("price", "\"1.5\"", Reason.INVALID_PRICE, null),
                new Breakage("price", "true", Reason.INVALID_PRICE, null),
                new Breakage("size", null, Reason.INVALID_SIZE, Kind.TRADE),
                new Breakage("size", "0", Reason.INVALID_SIZE, Kind.TRADE),
                new Breakage("size", "-1e400", Reason.INVALID_SIZE, Kind.TRADE),
                new Breakage("size", "\"2\"", Reason.INVALID_SIZE, Kind.TRADE),
                new Breakage("size", "1", Reason.INVALID_SIZE, Kind.QUOTE),
                new Breakage("volume24h", "-1", Reason.INVALID_PRICE, null),
                new Breakage("marketCap", "1e400", Reason.INVALID_PRICE, null),
                new Breakage("marketCap", "\"0\"", Reason.INVALID_PRICE, null),
                new Breakage("eventTime", null, Reason.INVALID_EVENT_TIME, null),
                new Breakage("eventTime", "0", Reason.INVALID_EVENT_TIME, null),
                new Breakage("eventTime", "-5", Reason.INVALID_EVENT_TIME, null),
                new Breakage("eventTime", "1.0", Reason.INVALID_EVENT_TIME, null),
                new Breakage("eventTime", "9223372036854775808", Reason.INVALID_EVENT_TIME, null),
                new Breakage("eventTime", "\"1772323200000\"", Reason.INVALID_EVENT_TIME, null),
                new Breakage("id", null, Reason.MISSING_ID, null),
                new Breakage("id", "\"\\t\"", Reason.MISSING_ID, null),
                new Breakage("id", "42", Reason.MISSING_ID, null)));
    }

    @Provide
    Arbitrary<Tick> validTicks() {
        Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(30).filter(s -> !s.isBlank());
        Arbitrary<String> symbol = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9')
                .ofMinLength(1).ofMaxLength(20);
        Arbitrary<Double> positive = Arbitraries.oneOf(
                Arbitraries.longs().between(1L, 0x7FEFFFFFFFFFFFFFL).map(Double::longBitsToDouble),
                Arbitraries.bigDecimals().between(java.math.BigDecimal.valueOf(1, 8), java.math.BigDecimal.valueOf(1, -7))
                        .ofScale(8).map(java.math.BigDecimal::doubleValue).filter(d -> d > 0));
        Arbitrary<Double> nonNegative = Arbitraries.oneOf(positive, Arbitraries.of(0.0, -0.0));
        Arbitrary<Long> time = Arbitraries.longs().between(1L, Long.MAX_VALUE);
        Arbitrary<Tick> trades = Combinators.combine(text, symbol, symbol.injectNull(0.3), positive, positive, time, text)
                .as(Tick::trade);
        Arbitrary<Tick> quotes = Combinators.combine(text, symbol, symbol.injectNull(0.3), positive,
                nonNegative.injectNull(0.4), nonNegative.injectNull(0.4), time, text).as(Tick::quote);
        return Arbitraries.oneOf(trades, quotes);
    }

    @Provide
    Arbitrary<Tick> anyTicks() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(22).injectNull(0.1);
        Arbitrary<Double> number = Arbitraries.longs().map(Double::longBitsToDouble);
        Arbitrary<Double> maybe = number.injectNull(0.3);
        Arbitrary<Kind> kind = Arbitraries.of(Kind.class).injectNull(0.1);
        Arbitrary<Long> time = Arbitraries.longs();
        return Combinators.combine(text, kind, text, text, number, maybe, maybe, maybe)
                .flatAs((source, k, asset, quote, price, size, volume, cap) -> Combinators.combine(time, text)
                        .as((t, id) -> new Tick(source, k, asset, quote, price, size, volume, cap, t, null, id)));
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("{}[]\":,0123456789.-eE truefalsn\\").ofMaxLength(200),
                Arbitraries.of("", "[]", "null", "1", "\"x\"", "{}{}", "{\"a\":1,\"a\":2}", "{} x", "{/*c*/}",
                        "{\"price\":NaN}", "[".repeat(5000), "{\"a\":".repeat(3000)));
    }
}
