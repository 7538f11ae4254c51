package io.coinpulse.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Prometheus metric names the components export, read from their code: the Micrometer meters of
 * ingest-service and query-service (Prometheus naming: dots to underscores, counters _total, a
 * seconds base unit _seconds), the framework meters they turn on, the job's own metrics, and the Spark
 * streaming gauges the JMX exporter rules of the Spark image name spark_streaming_*.
 */
final class ExportedMetrics {

    private static final Pattern CONSTANT = Pattern.compile("static final String (\\w+) = \"(coinpulse\\.[a-z.]+)\"");
    private static final Pattern METER = Pattern.compile("(Counter|Gauge)\\.builder\\((\\w+|\"[a-z.]+\")");
    /** Micrometer's HTTP server meter and Agroal's pool meters (quarkus.datasource.metrics.enabled). */
    static final Set<String> FRAMEWORK = Set.of("http_server_requests_seconds_count", "http_server_requests_seconds_sum",
            "agroal_active_count", "agroal_available_count", "agroal_awaiting_count", "agroal_invalid_count_total");
    /** The gauges of Spark's streaming source (spark.sql.streaming.metricsEnabled), as Spark names them. */
    static final Set<String> SPARK_STREAMING = Set.of("inputRate-total", "processingRate-total", "latency",
            "eventTime-watermark", "states-rowsTotal", "states-usedBytes");
    /** The job's own metrics (StreamGauges): input lag per partition, freshness, each query's progress. */
    static final Set<String> JOB = Set.of("coinpulse_stream_input_lag_records", "coinpulse_stream_freshness_seconds",
            "coinpulse_stream_input_rows_per_second", "coinpulse_stream_processed_rows_per_second",
            "coinpulse_stream_batch_duration_seconds", "coinpulse_stream_watermark_seconds", "coinpulse_stream_state_rows",
            "coinpulse_stream_batches_total");

    private ExportedMetrics() {
    }

    static Set<String> all() {
        Set<String> names = new TreeSet<>(FRAMEWORK);
        names.addAll(JOB);
        names.addAll(micrometer(Project.root().resolve("ingest-service/src/main/java")));
        names.addAll(micrometer(Project.root().resolve("query-service/src/main/java")));
        String rule = sparkStreamingRuleName();
        for (String gauge : SPARK_STREAMING) {
            names.add(rule.replace("$3", gauge).toLowerCase().replaceAll("[^a-z0-9_:]", "_"));
        }
        return names;
    }

    /** The name template of the JMX exporter rule for the driver's streaming gauges. */
    static String sparkStreamingRuleName() {
        String yaml = read(Project.root().resolve("spark-app/src/main/jib/etc/metrics/conf/prometheus.yaml"));
        Matcher m = Pattern.compile("pattern: metrics<name=\\(\\\\S\\+\\)\\\\.driver\\\\.spark\\\\.streaming[^\\n]*\\n\\s*name: (\\S+)").matcher(yaml);
        if (!m.find()) {
            throw new AssertionError("prometheus.yaml has no rule for the driver's spark.streaming gauges");
        }
        return m.group(1);
    }

    private static Set<String> micrometer(Path sources) {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = read(file);
                Map<String, String> constants = new HashMap<>();
                Matcher c = CONSTANT.matcher(code);
                while (c.find()) {
                    constants.put(c.group(1), c.group(2));
                }
                Matcher meter = METER.matcher(code);
                while (meter.find()) {
                    String arg = meter.group(2);
                    String name = arg.startsWith("\"") ? arg.substring(1, arg.length() - 1) : constants.get(arg);
                    if (name == null) {
                        continue;
                    }
                    String prom = name.replace('.', '_');
                    String builder = code.substring(meter.end(), Math.min(code.length(), code.indexOf(";", meter.end()) + 1));
                    if (builder.contains(".baseUnit(\"seconds\")")) {
                        prom += "_seconds";
                    }
                    names.add(meter.group(1).equals("Counter") ? prom + "_total" : prom);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
