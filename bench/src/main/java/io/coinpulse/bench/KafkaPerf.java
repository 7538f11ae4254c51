package io.coinpulse.bench;

import io.coinpulse.devstack.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own performance tools ({@code org.apache.kafka.tools.ProducerPerformance} and
 * {@code ConsumerPerformance} from kafka-tools) in a child JVM: the physical limits the stages are
 * compared with.
 */
final class KafkaPerf {

    /** The last summary line of ProducerPerformance. */
    record ProducerResult(long records, double recordsPerSec, double mbPerSec, double avgLatencyMs, double p99LatencyMs) {

        private static final Pattern SUMMARY = Pattern.compile(
                "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, "
                        + "[\\d.]+ ms max latency, \\d+ ms 50th, \\d+ ms 95th, (\\d+) ms 99th");

        /** The final summary of ProducerPerformance's output (the last matching line). */
        static ProducerResult parse(String output) {
            Matcher m = SUMMARY.matcher(output);
            ProducerResult last = null;
            while (m.find()) {
                last = new ProducerResult(Long.parseLong(m.group(1)), Double.parseDouble(m.group(2)),
                        Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)));
            }
            if (last == null) {
                throw new IllegalStateException("no ProducerPerformance summary in its output:\n" + tail(output));
            }
            return last;
        }
    }

    /** ConsumerPerformance's result line: overall and fetch-only (without the group join) rates. */
    record ConsumerResult(long messages, double mbPerSec, double messagesPerSec, double fetchMessagesPerSec) {

        /** Parses the CSV line under ConsumerPerformance's header. */
        static ConsumerResult parse(String output) {
            String[] lines = output.split("\\R");
            for (int i = 0; i < lines.length - 1; i++) {
                if (lines[i].startsWith("start.time")) {
                    List<String> header = List.of(lines[i].split(",\\s*"));
                    String[] values = lines[i + 1].split(",\\s*");
                    if (values.length != header.size()) {
                        break;
                    }
                    return new ConsumerResult(Long.parseLong(values[header.indexOf("data.consumed.in.nMsg")]),
                            Double.parseDouble(values[header.indexOf("MB.sec")]),
                            Double.parseDouble(values[header.indexOf("nMsg.sec")]),
                            Double.parseDouble(values[header.indexOf("fetch.nMsg.sec")]));
                }
            }
            throw new IllegalStateException("no ConsumerPerformance result in its output:\n" + tail(output));
        }
    }

    private final String classpath;
    private final String bootstrapServers;
    private final Path logs;

    KafkaPerf(Path classpathFile, String bootstrapServers, Path logs) {
        try {
            this.classpath = Files.readString(classpathFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(classpathFile + " is missing: build with ./mvnw -pl bench -am package", e);
        }
        this.bootstrapServers = bootstrapServers;
        this.logs = logs;
    }

    /** The settings of ingest-service's {@code ticks-out} producer (its application.properties). */
    static final List<String> INGEST_PRODUCER = List.of("acks=all", "enable.idempotence=true", "linger.ms=5",
            "max.in.flight.requests.per.connection=5", "batch.size=65536", "compression.type=lz4");

    /**
     * ProducerPerformance at full speed with the producer settings ingest-service uses
     * ({@link #INGEST_PRODUCER}) and the records ingest publishes: its payloads are the lines of
     * {@code payloads} (canonical ticks with their ingestTime), so lz4 compresses the same bytes.
     */
    ProducerResult produce(String topic, long records, Path payloads) {
        List<String> args = new ArrayList<>(List.of(
                "--topic", topic, "--num-records", Long.toString(records), "--payload-file", payloads.toString(),
                "--payload-delimiter", "\n", "--throughput", "-1", "--command-property", "bootstrap.servers=" + bootstrapServers));
        args.addAll(INGEST_PRODUCER);
        String out = run("producer-perf-" + topic, "org.apache.kafka.tools.ProducerPerformance", args);
        return ProducerResult.parse(out);
    }

    /** ConsumerPerformance reading {@code messages} records of a topic from its beginning. */
    ConsumerResult consume(String topic, long messages) {
        String out = run("consumer-perf-" + topic, "org.apache.kafka.tools.ConsumerPerformance", List.of(
                "--bootstrap-server", bootstrapServers, "--topic", topic, "--num-records", Long.toString(messages),
                "--group", "bench-" + topic + "-" + System.nanoTime(), "--timeout",
                "60000"));
        return ConsumerResult.parse(out);
    }

    private String run(String name, String mainClass, List<String> args) {
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaExecutable(), "-Xmx512m", "-cp", classpath, mainClass));
        command.addAll(args);
        JavaProcess tool = JavaProcess.start(name, command, Map.of(), log);
        // an interrupted bench stops the tool too, as it stops the stack
        try (AutoCloseable killOnExit = Bench.stopOnExit(tool::kill)) {
            if (!tool.process().waitFor(600, TimeUnit.SECONDS)) {
                tool.kill();
                throw new IllegalStateException(name + " did not finish within 600 s; see " + log);
            }
            if (tool.process().exitValue() != 0) {
                throw new IllegalStateException(name + " failed with exit code " + tool.process().exitValue() + ": "
                        + tool.logTail(20));
            }
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tool.kill();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    static String tail(String text) {
        return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    }
}
