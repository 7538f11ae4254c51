package io.coinpulse.bench;

import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.devstack.Ports;
import io.coinpulse.launcher.Stack;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** ingest-service runs of the bench: started as the launcher starts it, watched through its Prometheus metrics. */
final class Services {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A running ingest-service with its metrics URL; {@code killOnExit} kills it if the bench is interrupted. */
    record Ingest(JavaProcess process, String baseUrl, AutoCloseable killOnExit) implements AutoCloseable {

        double metric(String name) {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? sum(r.body(), name) : Double.NaN;
            } catch (IOException e) {
                return Double.NaN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        @Override
        public void close() {
            process.stop(20);
            try {
                killOnExit.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Replay throughput as the replay's own summary line gives it: records published (acknowledged by Kafka) over the
     * time from the replay's start to its last acknowledgement, and how much of that its thread was on CPU.
     */
    record IngestRate(long records, double perSec, double seconds, double replayCpuSeconds) {
    }

    /** ReplaySource's summary line. */
    private static final Pattern FINISHED = Pattern.compile(
            "replay finished: .*: \\d+ lines read, (\\d+) published, .* in ([0-9.]+) s, ([0-9.]+) s of it on CPU in the replay thread");

    /** The rate in a replay's log once it has finished, else null. */
    static IngestRate finished(String log) {
        Matcher m = FINISHED.matcher(log);
        if (!m.find()) {
            return null;
        }
        long published = Long.parseLong(m.group(1));
        double seconds = Double.parseDouble(m.group(2));
        return new IngestRate(published, published / seconds, seconds, Double.parseDouble(m.group(3)));
    }

    private Services() {
    }

    /** The sum of a Prometheus metric over all its series, NaN when absent. */
    static double sum(String prometheusText, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})?\\s+(\\S+)$").matcher(prometheusText);
        double total = 0;
        boolean found = false;
        while (m.find()) {
            total += Double.parseDouble(m.group(2));
            found = true;
        }
        return found ? total : Double.NaN;
    }

    /** Starts ingest-service with the stack's environment plus {@code env}; returns once it is live. */
    static Ingest startIngest(Path home, Stack stack, Map<String, String> env, Path log) {
        return startIngest(home, stack, env, log, null);
    }

    /** As {@link #startIngest(Path, Stack, Map, Path)}, recorded by Java Flight Recorder into {@code jfr} unless null. */
    static Ingest startIngest(Path home, Stack stack, Map<String, String> env, Path log, Path jfr) {
        int port = Ports.free();
        Map<String, String> processEnv = stack.appEnvironment();
        processEnv.putAll(env);
        // health and metrics are on the management interface
        processEnv.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(port));
        processEnv.put("QUARKUS_HTTP_PORT", Integer.toString(Ports.free()));
        Stack.NATIVE_ENVIRONMENT.forEach(processEnv::putIfAbsent);
        List<String> command = new java.util.ArrayList<>(List.of(JavaProcess.javaExecutable()));
        command.addAll(Stack.serviceJvmOptions("ingest-service"));
        if (jfr != null) {
            command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
        }
        command.addAll(List.of("-jar", home.resolve("ingest-service/target/quarkus-app/quarkus-run.jar").toString()));
        JavaProcess p = JavaProcess.start("ingest-bench", command, processEnv, log);
        Ingest ingest = new Ingest(p, "http://127.0.0.1:" + port, Bench.stopOnExit(p::kill));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (Double.isNaN(ingest.metric("coinpulse_ingest_ticks_received_total"))
                && Double.isNaN(ingest.metric("jvm_threads_live_threads"))) {
            if (!p.isAlive()) {
                throw new IllegalStateException("ingest-service exited:\n" + p.logTail(30));
            }
            if (System.nanoTime() > deadline) {
                ingest.close();
                throw new IllegalStateException("ingest-service did not start; see " + log);
            }
            Bench.sleep(100);
        }
        return ingest;
    }

    /**
     * Replays a file at full speed into {@code topic} and reads the publishing rate from the replay's summary line. The
     * service is not polled meanwhile: a Prometheus scrape of its metrics (hundreds of Kafka client meters) takes CPU
     * the replay needs.
     */
    static IngestRate replay(Path home, Stack stack, Path file, String topic, long records, Path log, Path jfr) {
        Map<String, String> env = Map.of("COINPULSE_INGEST_SOURCES", "replay",
                "COINPULSE_INGEST_REPLAY_FILE", file.toString(), "COINPULSE_INGEST_REPLAY_SPEED", "max",
                "MP_MESSAGING_OUTGOING_TICKS_OUT_TOPIC", topic);
        try (Ingest ingest = startIngest(home, stack, env, log, jfr)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                IngestRate rate = finished(readLog(log, 0));
                if (rate != null) {
                    if (rate.records() < records) {
                        throw new IllegalStateException("ingest published " + rate.records() + " of " + records + " records; see " + log);
                    }
                    return rate;
                }
                if (!ingest.process().isAlive()) {
                    throw new IllegalStateException("ingest-service exited during the replay:\n" + ingest.process().logTail(30));
                }
                Bench.sleep(100);
            }
            throw new IllegalStateException("the replay did not finish within 10 minutes; see " + log);
        }
    }

    /** A log file's text from byte {@code offset} on (its whole text from 0). */
    static String readLog(Path log, long offset) {
        try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
            in.seek(Math.min(offset, in.length()));
            byte[] rest = new byte[(int) (in.length() - in.getFilePointer())];
            in.readFully(rest);
            return new String(rest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
