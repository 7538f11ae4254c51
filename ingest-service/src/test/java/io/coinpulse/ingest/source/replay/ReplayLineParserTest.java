package io.coinpulse.ingest.source.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.ingest.pipeline.FrameRecorder;
import io.coinpulse.ingest.source.FrameParser;
import io.coinpulse.ingest.tick.Reason;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayLineParserTest {

    private static final String TICK = "{\"source\":\"binance\",\"kind\":\"trade\",\"asset\":\"BTC\",\"price\":1.5,"
            + "\"size\":2,\"eventTime\":1772323200231,\"id\":\"b:1\"}";

    /** A stand-in connector parser: frames "ASSET price" become a coinbase quote stamped with receivedAt. */
    private static final FrameParser COINBASE = (frame, receivedAt) -> {
        String[] parts = frame.split(" ");
        return List.of(io.coinpulse.ingest.tick.TickValidator.check(Tick.quote("coinbase", parts[0], "USD",
                Double.parseDouble(parts[1]), null, null, receivedAt, "coinbase:" + parts[0] + ":" + receivedAt), frame));
    };

    private final ReplayLineParser parser = new ReplayLineParser(
            name -> name.equals("coinbase") ? Optional.of(COINBASE) : Optional.empty());

    @Test
    void aCanonicalLineIsValidatedAndPacedOnItsEventTime() {
        ReplayLineParser.ReplayLine line = parser.parse(TICK);
        assertThat(line.time()).isEqualTo(1772323200231L);
        assertThat(line.results()).singleElement().isInstanceOf(TickResult.Valid.class);
    }

    @Test
    void anInvalidLineKeepsItsEventTimeWhenItHasOne() {
        ReplayLineParser.ReplayLine line = parser.parse(TICK.replace("1.5", "-1.5"));
        assertThat(line.time()).isEqualTo(1772323200231L);
        assertThat(((TickResult.Invalid) line.results().get(0)).reason()).isEqualTo(Reason.INVALID_PRICE);

        ReplayLineParser.ReplayLine cut = parser.parse("{\"source\":\"binance\",\"kind\":\"trade\",");
        assertThat(cut.time()).isEqualTo(ReplayPacer.NO_TIME);
        assertThat(((TickResult.Invalid) cut.results().get(0)).reason()).isEqualTo(Reason.MALFORMED_JSON);
    }

    @Test
    void aRecordedFrameGoesThroughItsSourcesParserAtItsReceiveTime() {
        String recorded = FrameRecorder.line("coinbase", 1772323299000L, "ETH 3500.25");
        ReplayLineParser.ReplayLine line = parser.parse(recorded);
        assertThat(line.time()).isEqualTo(1772323299000L);
        assertThat(line.results()).containsExactly(new TickResult.Valid(Tick.quote("coinbase", "ETH", "USD", 3500.25,
                null, null, 1772323299000L, "coinbase:ETH:1772323299000")));
    }

    @Test
    void aRejectedTickOfARecordedFrameCarriesTheFrameAsPayload() {
        TickResult.Invalid invalid = (TickResult.Invalid) parser
                .parse(FrameRecorder.line("coinbase", 1772323299000L, "eth 3500.25")).results().get(0);
        assertThat(invalid.reason()).isEqualTo(Reason.INVALID_ASSET);
        assertThat(invalid.payload()).isEqualTo("eth 3500.25");
    }

    @Test
    void aParserThatThrowsRejectsTheFrameInsteadOfStoppingTheReplay() {
        TickResult.Invalid invalid = (TickResult.Invalid) parser
                .parse(FrameRecorder.line("coinbase", 1772323299000L, "garbage")).results().get(0);
        assertThat(invalid.reason()).isEqualTo(Reason.MALFORMED_JSON);
        assertThat(invalid.source()).isEqualTo("coinbase");
        assertThat(invalid.payload()).isEqualTo("garbage");
    }

    @Test
    void aFrameOfAnUnknownSourceOrWithoutReceiveTimeIsRejected() {
        TickResult.Invalid unknown = (TickResult.Invalid) parser
                .parse(FrameRecorder.line("mtgox", 1L, "{}")).results().get(0);
        assertThat(unknown.reason()).isEqualTo(Reason.MISSING_SOURCE);
        assertThat(unknown.detail()).contains("mtgox");

        TickResult.Invalid noTime = (TickResult.Invalid) parser
                .parse("{\"source\":\"coinbase\",\"frame\":\"ETH 1\"}").results().get(0);
        assertThat(noTime.reason()).isEqualTo(Reason.INVALID_EVENT_TIME);

        TickResult.Invalid notText = (TickResult.Invalid) parser
                .parse("{\"source\":\"coinbase\",\"receivedAt\":1,\"frame\":{}}").results().get(0);
        assertThat(notText.reason()).isEqualTo(Reason.MALFORMED_JSON);
    }
}
