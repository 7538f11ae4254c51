package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.devstack.JavaProcess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ingest-service killed (SIGKILL) during a live stream on the multi-process topology, twice: once while it publishes
 * to the Kafka cluster, once while the whole cluster is stopped and its journal holds the stream, each time started
 * again on its journal. A fake Binance exchange ({@link FakeBinance}) streams trades, mini-tickers and invalid trades
 * all along. Every record ingest had accepted (acknowledged by Kafka or in the journal, by its own counters read
 * before the kill) reaches its topic, twice only when the restart found it still in the journal; of the records it had
 * parsed, a kill loses at most those in the producer's memory and the one in the pipeline's hands; the windows the API
 * serves equal those recomputed from the ticks that reached {@code crypto.ticks}, each {@code (source, id)} once.
 * About five minutes on two cores: a long fault test ({@code ./coinpulse fault-test}).
 */
@Tag("fault-long")
class IngestKillLiveClusterTest {

    private static final int MAX_IN_FLIGHT = 64;
    /** Parsed records a kill may lose: those handed to Kafka and not acknowledged, and the one being handed over. */
    private static final int LOSS_BOUND = MAX_IN_FLIGHT + 1;
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
    private static final String RECEIVED = "coinpulse_ingest_ticks_received_total";
    private static final String JOURNALED = "coinpulse_ingest_journal_records";
    private static final Pattern FROM_BEFORE = Pattern.compile("holds (\\d+) records \\(\\d+ bytes\\) from before");

    /** One run of ingest: its first connection to the exchange, and the records its journal held at its start. */
    private record Life(int firstConnection, long leftover) {
    }

    /** ingest's counters just before a kill: records parsed, ticks acknowledged, records in the journal. */
    private record Snapshot(long received, long published, long journaled) {
    }

    /** A kill: the run it ended, its counters just before, the run started after it and how long ingest was away. */
    private record Kill(Life life, Snapshot before, Life next, Duration away) {
    }

    /** What the test does while ingest is dead. */
    private interface WhileDown {
        void run() throws Exception;
    }

    @Test
    void ingestKilledDuringALiveStreamLosesNoAcceptedRecord() throws Exception {
        Path fixtures = PipelineProbe.HOME.resolveSibling("shared").resolve("fixtures/sources");
        try (FakeBinance exchange = new FakeBinance(fixtures, SYMBOLS);
                ClusterRun run = ClusterRun.start("ingest-kill-live", Map.of(
                        "COINPULSE_INGEST_SOURCES", "binance",
                        "COINPULSE_INGEST_BINANCE_URL", exchange.url(),
                        "COINPULSE_INGEST_BINANCE_SYMBOLS", "btcusdt,ethusdt,solusdt",
                        "COINPULSE_INGEST_BINANCE_SILENCE_TIMEOUT", "120s",
                        "COINPULSE_INGEST_PUBLISH_MAX_IN_FLIGHT", Integer.toString(MAX_IN_FLIGHT),
                        "COINPULSE_WATERMARK", "30s"))) {
            run.awaitPublished(2000);
            Kill up = killAndRestart(run, exchange, new Life(0, 0), () -> { });

            run.awaitPublished(1000);
            Instant kafkaDown = Instant.now();
            run.stopKafka();
            PipelineProbe.await("live records in the journal", Duration.ofMinutes(2), () -> run.metric(JOURNALED) >= 1500);
            Duration[] kafkaAway = new Duration[1];
            Kill away = killAndRestart(run, exchange, up.next(), () -> {
                run.restartKafka();
                kafkaAway[0] = Duration.between(kafkaDown, Instant.now());
            });
            assertThat(away.before().journaled()).isGreaterThanOrEqualTo(1500);
            assertThat(away.next().leftover()).as("records the journal kept through the kill")
                    .isGreaterThanOrEqualTo(away.before().journaled());

            List<FakeBinance.Sent> last = finishStream(run, exchange, away.next());
            LiveTopics out = awaitTopics(run, last);
            Map<String, FakeBinance.Sent> sent = new HashMap<>();
            exchange.sent(0, exchange.connectionCount()).forEach(s -> sent.put(s.id(), s));
            int twice = out.assertEachSent(sent);
            // a restart publishes its journal again whole: what was acknowledged but not yet removed at a kill twice
            assertThat(twice).as("records published twice, at most those the journal held at the restarts")
                    .isLessThanOrEqualTo((int) (up.next().leftover() + away.next().leftover()));
            assertThat(last).as("records of the last run published once").allMatch(s -> out.copies().get(s.id()) == 1);
            int lostUp = assertKillBound("the kill with Kafka up", out, up, exchange);
            int lostAway = assertKillBound("the kill with Kafka away", out, away, exchange);
            assertThat(last).as("every record of the last run in its topic").allMatch(out::holds);
            assertThat(run.metric("coinpulse_ingest_publish_failures_total")).isZero();
            assertThat(run.metric("coinpulse_ingest_journal_dropped_total")).isZero();
            assertThat(run.metric("coinpulse_ingest_frames_dropped_total")).isZero();

            List<ExpectedWindows> expected = TickWindows.of(out.ticks().values());
            assertThat(expected).as("windows of several minutes").hasSizeGreaterThanOrEqualTo(SYMBOLS.size() * 2);
            int windows = run.assertWindows(expected);

            System.out.printf("[result] ingest-service killed (SIGKILL) during a live stream, twice: with Kafka up after"
                    + " %d ticks acknowledged, restarted after %d s, %d of the %d records it had parsed lost (bound %d);"
                    + " with the Kafka cluster stopped (%d s) and %d records in its journal, restarted after %d s, %d of"
                    + " %d lost, %d published from the journal; records in: %d frames from the fake exchange (%d valid,"
                    + " %d invalid); out: %d distinct ticks in crypto.ticks and %d in the DLQ, %d of them published twice"
                    + " (bound %d: the journal at the restarts), %d frames not received or lost at the kills; %d of %d"
                    + " windows exact%n",
                    up.before().published(), up.away().toSeconds(), lostUp, up.before().received(), LOSS_BOUND,
                    kafkaAway[0].toSeconds(), away.before().journaled(), away.away().toSeconds(), lostAway,
                    away.before().received(), away.next().leftover(), sent.size(), count(sent, FakeBinance.Sent::valid),
                    count(sent, s -> !s.valid()), out.ticks().size(), out.deadLetters().size(), twice,
                    up.next().leftover() + away.next().leftover(),
                    sent.size() - out.ticks().size() - out.deadLetters().size(), windows, windows);
        }
    }

    /**
     * Reads ingest's counters, kills it (SIGKILL) while the stream goes on, runs {@code whileDown} and starts it again
     * on its journal.
     */
    private static Kill killAndRestart(ClusterRun run, FakeBinance exchange, Life life, WhileDown whileDown)
            throws Exception {
        Snapshot before = snapshot(run);
        Instant down = kill(run);
        whileDown.run();
        Life next = restart(run, exchange);
        return new Kill(life, before, next, Duration.between(down, Instant.now()));
    }

    /**
     * Lets the last run publish its journal and 3,000 live ticks after it, stops the stream, and waits until ingest has
     * parsed every frame of it; returns them.
     */
    private static List<FakeBinance.Sent> finishStream(ClusterRun run, FakeBinance exchange, Life life)
            throws InterruptedException {
        PipelineProbe.await("the journal published, then live ticks", Duration.ofMinutes(3),
                () -> run.metric(JOURNALED) == 0 && run.published() >= life.leftover() + 3000);
        exchange.pause(true);
        List<FakeBinance.Sent> last = exchange.sent(life.firstConnection(), exchange.connectionCount());
        PipelineProbe.await("every frame of the last run parsed", Duration.ofMinutes(2),
                () -> run.metric(RECEIVED) == last.size());
        return last;
    }

    /**
     * Of the records the killed run had parsed (the first {@code received} it was sent, in order), those ingest had
     * accepted are all in their topics, and at most {@link #LOSS_BOUND} are missing. Returns how many are.
     */
    private static int assertKillBound(String what, LiveTopics out, Kill kill, FakeBinance exchange) {
        List<FakeBinance.Sent> sent = exchange.sent(kill.life().firstConnection(), kill.next().firstConnection());
        Snapshot before = kill.before();
        assertThat(before.received()).as("%s: records parsed, at most those sent", what).isLessThanOrEqualTo(sent.size());
        List<FakeBinance.Sent> parsed = sent.subList(0, (int) before.received());
        int present = (int) parsed.stream().filter(out::holds).count();
        // what the run's journal held at its start was published by it, and is not among its own records
        assertThat(present).as("%s: every record acknowledged or journaled before it is in its topic", what)
                .isGreaterThanOrEqualTo((int) (before.published() - kill.life().leftover() + before.journaled()));
        int lost = parsed.size() - present;
        assertThat(lost).as("%s: parsed records lost", what).isLessThanOrEqualTo(LOSS_BOUND);
        return lost;
    }

    /**
     * ingest's counters, each read after the one before it: a record acknowledged or journaled by the first two
     * reads was parsed by the third.
     */
    private static Snapshot snapshot(ClusterRun run) {
        long published = (long) run.published();
        long journaled = (long) run.metric(JOURNALED);
        return new Snapshot((long) run.metric(RECEIVED), published, journaled);
    }

    /** Kills ingest (SIGKILL) while the stream goes on, once the appends it counted are on disk (within 20 ms). */
    private static Instant kill(ClusterRun run) throws InterruptedException {
        Thread.sleep(2000);
        JavaProcess ingest = run.stack.ingest();
        ingest.kill();
        assertThat(ingest.isAlive()).isFalse();
        return Instant.now();
    }

    /** Starts ingest again on its journal; the new run's first connection and what its journal held at its start. */
    private static Life restart(ClusterRun run, FakeBinance exchange) throws IOException, InterruptedException {
        int firstConnection = exchange.connectionCount();
        Path log = run.stack.ingest().log();
        long from = Files.size(log);
        run.stack.restartIngest();
        // the journal logs what it holds when it opens, before it registers its meters
        PipelineProbe.await("the journal open", Duration.ofMinutes(1),
                () -> run.metric("coinpulse_ingest_journal_capacity_bytes") > 0);
        String started;
        try (SeekableByteChannel channel = Files.newByteChannel(log); InputStream in = Channels.newInputStream(
                channel.position(from))) {
            started = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher journal = FROM_BEFORE.matcher(started);
        return new Life(firstConnection, journal.find() ? Long.parseLong(journal.group(1)) : 0);
    }

    /** Reads both topics until every record of the last run (never killed) is in them. */
    private static LiveTopics awaitTopics(ClusterRun run, List<FakeBinance.Sent> last) throws InterruptedException {
        LiveTopics[] out = new LiveTopics[1];
        PipelineProbe.await("every record of the last run in its topic", Duration.ofMinutes(2), () -> {
            out[0] = LiveTopics.read(run);
            return last.stream().allMatch(out[0]::holds);
        });
        return out[0];
    }

    private static long count(Map<String, FakeBinance.Sent> sent, Predicate<FakeBinance.Sent> which) {
        return sent.values().stream().filter(which).count();
    }
}
