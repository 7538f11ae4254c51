package io.coinpulse.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.ingest.source.AutoSources;
import io.coinpulse.ingest.source.Source;
import io.coinpulse.ingest.source.SourceRegistry;
import io.coinpulse.ingest.source.SourceStatus;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ./coinpulse up} with no source configured on a machine without network: the default {@code auto}
 * probes the keyless live sources (here all pointed at a closed local port), finds none, says so in one
 * {@code coinpulse:} line on stdout and runs the synthetic source.
 */
@QuarkusTest
@WithTestResource(AutoFallbackTest.Offline.class)
class AutoFallbackTest {

    static final Path STDOUT = Path.of("target", "auto-fallback", "stdout.txt");

    @Inject
    SourceRegistry registry;

    @Test
    void noLiveSourceAnswersSoItRunsOnSyntheticDataAndSaysSoInOneLine() throws IOException {
        assertThat(registry.enabled()).extracting(Source::name).containsExactly("synthetic");
        List<String> lines = Files.readAllLines(STDOUT, StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("coinpulse:")).toList();
        assertThat(lines).containsExactly("coinpulse: no network: live sources unreachable, running on synthetic data");
        assertThat(lines.get(0)).isEqualTo(AutoSources.NO_NETWORK);
        // (no HTTP readiness call: with Kafka unreachable the messaging check takes its full metadata timeout)
        assertThat(registry.enabled().get(0).status().state()).isEqualTo(SourceStatus.State.RUNNING);
    }

    /**
     * Every live endpoint (and Kafka) at a local port nobody listens on; stdout is copied to a file the test
     * reads (the line is printed while the application starts, before the test runs).
     */
    public static class Offline implements QuarkusTestResourceLifecycleManager {

        private PrintStream original;

        @Override
        public Map<String, String> start() {
            int closed;
            try (ServerSocket socket = new ServerSocket(0)) {
                closed = socket.getLocalPort();
                Files.createDirectories(STDOUT.getParent());
                Files.deleteIfExists(STDOUT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            original = System.out;
            OutputStream file;
            try {
                file = Files.newOutputStream(STDOUT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setOut(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    original.write(b);
                    file.write(b);
                }

                @Override
                public void write(byte[] bytes, int off, int len) throws IOException {
                    original.write(bytes, off, len);
                    file.write(bytes, off, len);
                    file.flush();
                }
            }, true, StandardCharsets.UTF_8));

            String nowhere = "127.0.0.1:" + closed;
            Map<String, String> config = new HashMap<>();
            config.put("kafka.bootstrap.servers", nowhere);
            config.put("coinpulse.ingest.auto.probe-timeout", "2s");
            config.put("coinpulse.ingest.binance.url", "ws://" + nowhere);
            config.put("coinpulse.ingest.coinbase.url", "ws://" + nowhere);
            config.put("coinpulse.ingest.kraken.url", "ws://" + nowhere + "/v2");
            config.put("coinpulse.ingest.coingecko.url", "http://" + nowhere + "/api/v3");
            config.put("coinpulse.ingest.synthetic.rate", "5");
            config.put("coinpulse.ingest.synthetic.history", "0s");
            config.put("coinpulse.ingest.publish.shutdown-timeout", "1s");
            config.put("mp.messaging.outgoing.ticks-out.close-timeout", "1000");
            config.put("mp.messaging.outgoing.dlq-out.close-timeout", "1000");
            return config;
        }

        @Override
        public void stop() {
            if (original != null) {
                System.out.flush();
                System.setOut(original);
            }
        }
    }
}
