package io.coinpulse.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Replay files of canonical trade ticks (SPEC §3) for N assets: a seeded random walk, event times
 * increasing evenly over {@code spanMillis}, so every asset gets windows and none is late.
 */
final class TickFile {

    /** The canonical tick as a replay file holds it (ingest sets {@code ingestTime}). */
    record Tick(String source, String kind, String asset, String quote, double price, double size, long eventTime,
            String id) {
    }

    /**
     * What was written: the file, its records, the mean size of one line in bytes (without the newline)
     * and the event time of its first tick.
     */
    record Written(Path file, long records, int assets, double meanLineBytes, long firstEventTime) {
    }

    static final String SOURCE = "bench";

    private TickFile() {
    }

    /** Asset {@code i} of a bench market: {@code A1}, {@code A2}, … (SPEC §3: {@code ^[A-Z0-9]{1,20}$}). */
    static String asset(int i) {
        return "A" + (i + 1);
    }

    static Written write(Path file, long records, int assets, long firstEventTime, long spanMillis, long seed) {
        ObjectMapper json = new ObjectMapper();
        Random random = new Random(seed);
        double[] prices = new double[assets];
        for (int i = 0; i < assets; i++) {
            prices[i] = 1 + random.nextDouble() * 1000;
        }
        long bytes = 0;
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                for (long n = 0; n < records; n++) {
                    int a = (int) (n % assets);
                    prices[a] *= Math.exp(random.nextGaussian() * 0.001);
                    Tick tick = new Tick(SOURCE, "trade", asset(a), "USDT", round(prices[a]), round(random.nextDouble() * 2 + 0.001),
                            firstEventTime + n * spanMillis / records, SOURCE + ":" + assets + ":" + n);
                    byte[] line = json.writeValueAsBytes(tick);
                    out.write(line);
                    out.write('\n');
                    bytes += line.length;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Written(file, records, assets, (double) bytes / records, firstEventTime);
    }

    /**
     * The first {@code lines} ticks of a replay file as ingest-service publishes them (with an
     * {@code ingestTime}), one per line: the payloads of ProducerPerformance.
     */
    static Path payloads(Path replayFile, Path out, int lines) {
        try (java.util.stream.Stream<String> in = Files.lines(replayFile)) {
            Files.write(out, in.limit(lines).map(TickFile::withIngestTime).toList());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A replay line with {@code "ingestTime"} added as ingest-service adds it (13 digits, like any time today). */
    static String withIngestTime(String line) {
        return line.substring(0, line.lastIndexOf('}')) + ",\"ingestTime\":1772323200000}";
    }

        private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
