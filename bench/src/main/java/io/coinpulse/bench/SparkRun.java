package io.coinpulse.bench;

import io.coinpulse.devstack.JavaProcess;
import io.coinpulse.launcher.Stack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged Spark job in local mode, as the launcher starts it, run once with trigger
 * {@code available-now} over a topic already full of ticks; its throughput comes from its own
 * per-batch log lines (StreamMonitor), so JVM start and planning are not counted.
 */
final class SparkRun {

    /** One {@code <query> batch <id>: <n> records in} line of the job's log. */
    record Batch(long atMillis, String query, long batchId, long records) {

        private static final Pattern LINE = Pattern.compile(
                "(?m)^(\\S+) +INFO .*?: (\\S+) batch (\\d+): (\\d+) records in");
        private static final Pattern STARTED = Pattern.compile("(?m)^(\\S+) +INFO .*?: (\\S+) started \\(id ");
        private static final Pattern DRAINED = Pattern.compile("(?m)^(\\S+) +INFO .*?: derived analytics drained in ");

        static List<Batch> parse(String log) {
            List<Batch> out = new ArrayList<>();
            Matcher m = LINE.matcher(log);
            while (m.find()) {
                out.add(new Batch(OffsetDateTime.parse(m.group(1)).toInstant().toEpochMilli(), m.group(2),
                        Long.parseLong(m.group(3)), Long.parseLong(m.group(4))));
            }
            return out;
        }

        /** When the first query reported it started, or -1. */
        static long started(String log) {
            Matcher m = STARTED.matcher(log);
            return m.find() ? OffsetDateTime.parse(m.group(1)).toInstant().toEpochMilli() : -1;
        }

        /**
         * When the derived analytics had caught up with every batch (they run outside the micro-batch,
         * the job waits for them at its end), or -1.
         */
        static long analyticsDrained(String log) {
            Matcher m = DRAINED.matcher(log);
            long at = -1;
            while (m.find()) {
                at = OffsetDateTime.parse(m.group(1)).toInstant().toEpochMilli();
            }
            return at;
        }
    }

    /**
     * Throughput of a run.
     *
     * The end of the run is the last batch's end, or later, when the derived analytics (asynchronous)
     * caught up with it: their work is counted.
     *
     * @param steadyPerSec records of batches 2..k over the time between the first batch's end and the run's
     *                     end (the first batch carries code generation and state-store creation); NaN with one batch
     * @param overallPerSec every record over the time from the query's start to the run's end
     * @param analyticsTailMillis how long after the last batch the derived analytics caught up (0: before it)
     */
    record Throughput(long records, int batches, double steadyPerSec, double overallPerSec, double cpuSeconds,
            long analyticsTailMillis) {

        static Throughput of(List<Batch> batches, long startedMillis, long analyticsDrainedMillis, double cpuSeconds) {
            List<Batch> withData = batches.stream().filter(b -> b.records() > 0).toList();
            if (withData.isEmpty()) {
                throw new IllegalStateException("the Spark job processed no records");
            }
            long total = withData.stream().mapToLong(Batch::records).sum();
            Batch first = withData.get(0);
            Batch last = withData.get(withData.size() - 1);
            long end = Math.max(last.atMillis(), analyticsDrainedMillis);
            double steady = Double.NaN;
            if (withData.size() > 1 && end > first.atMillis()) {
                steady = (total - first.records()) * 1000.0 / (end - first.atMillis());
            }
            double overall = startedMillis > 0 && end > startedMillis ? total * 1000.0 / (end - startedMillis) : Double.NaN;
            return new Throughput(total, withData.size(), steady, overall, cpuSeconds, end - last.atMillis());
        }

        /** The steady rate when there is one, else the overall rate. */
        double perSec() {
            return Double.isNaN(steadyPerSec) ? overallPerSec : steadyPerSec;
        }
    }

    /** The tutorial job's main class, by name: this JVM has no Spark to load it with. */
    static final String TUTORIAL_JOB = "io.coinpulse.bench.tutorial.TutorialJob";

    private SparkRun() {
    }

    /**
     * Runs the job to completion and measures it; {@code env} adds to the stack's environment;
     * {@code jfr}: a Java Flight Recording (profile settings) of the whole run, or null.
     */
    static Throughput run(Path home, Stack stack, Map<String, String> env, Path log, Duration timeout, Path jfr) {
        Finished run = runToEnd(home, stack, "stream", env, log, timeout, jfr);
        requireEverySink(run.log());
        return Throughput.of(Batch.parse(run.log()), Batch.started(run.log()), Batch.analyticsDrained(run.log()), run.cpuSeconds());
    }

    /** A job run to its end: its log and the CPU seconds its process used. */
    record Finished(String log, double cpuSeconds) {
    }

    /**
     * Runs the packaged job in {@code mode} as the launcher starts it, with {@code env} added to the
     * stack's environment, and waits for its end; fails when it exits non-zero or outlives
     * {@code timeout}. {@code jfr}: a Java Flight Recording (profile settings) of the run, or null.
     */
    static Finished runToEnd(Path home, Stack stack, String mode, Map<String, String> env, Path log, Duration timeout,
            Path jfr) {
        return runToEnd(stack, "spark-" + mode, Stack.sparkClasspath(home), "io.coinpulse.spark.CoinpulseJob", List.of(mode), env,
                log, timeout, jfr);
    }

    /**
     * Runs the bench's tutorial job ({@value #TUTORIAL_JOB}) over {@code topic} to its end in a JVM started
     * as the launcher starts the product's job (same class path, memory bounds, {@code local[2]}) and
     * measures it like the product's job, from its own per-batch lines.
     */
    static Throughput tutorial(Path home, Stack stack, String topic, long maxOffsetsPerTrigger, Path checkpoint, Path log,
            Duration timeout, Path jfr) {
        String classpath = home.resolve("bench/target/classes") + java.io.File.pathSeparator + Stack.sparkClasspath(home);
        Finished run = runToEnd(stack, "spark-tutorial", classpath, TUTORIAL_JOB,
                List.of(topic, checkpoint.toString(), Long.toString(maxOffsetsPerTrigger)), Map.of(), log, timeout, jfr);
        return Throughput.of(Batch.parse(run.log()), Batch.started(run.log()), -1, run.cpuSeconds());
    }

    /**
     * Runs {@code mainClass} on {@code classpath} as the launcher runs the Spark job (its memory bounds,
     * {@code local[2]}, the stack's environment plus {@code env}) and waits for its end; fails when it
     * exits non-zero or outlives {@code timeout}. {@code jfr}: a Java Flight Recording of the run, or null.
     */
    private static Finished runToEnd(Stack stack, String name, String classpath, String mainClass, List<String> args,
            Map<String, String> env, Path log, Duration timeout, Path jfr) {
        // the job as the launcher runs it: the same memory bounds and environment
        List<String> jvm = new ArrayList<>(Stack.sparkJvmOptions());
        jvm.add("-Dspark.master=local[2]");
        if (jfr != null) {
            jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
        }
        Map<String, String> processEnv = stack.appEnvironment();
        Stack.NATIVE_ENVIRONMENT.forEach(processEnv::putIfAbsent);
        processEnv.putAll(env);
        JavaProcess spark = JavaProcess.start(name, jvm, classpath, mainClass, args, processEnv, log);
        double cpu = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (AutoCloseable killOnExit = Bench.stopOnExit(spark::kill)) {
            while (!spark.process().waitFor(200, TimeUnit.MILLISECONDS)) {
                cpu = spark.process().toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(cpu);
                if (System.nanoTime() > deadline) {
                    spark.kill();
                    throw new IllegalStateException("the Spark job did not finish within " + timeout + "; see " + log);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spark.kill();
            throw new IllegalStateException("interrupted", e);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String text;
        try {
            text = Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (spark.process().exitValue() != 0) {
            throw new IllegalStateException("the Spark job failed (exit " + spark.process().exitValue() + "):\n"
                    + KafkaPerf.tail(text));
        }
        return new Finished(text, cpu);
    }

    /**
     * Fails when the job's configuration line says it wrote no lake: the streaming rows measure the job
     * with every sink on, as {@code ./coinpulse up} runs it.
     */
    static void requireEverySink(String log) {
        if (log.contains("coinpulse.lake.path=(none)")) {
            throw new IllegalStateException("the streaming run had no lake (coinpulse.lake.path unset): it must run with every sink on");
        }
    }

    /** Whether the job's log says its window query has started (its first line once running). */
    static boolean queryStarted(String log) {
        return log.contains("StreamMonitor: window-metrics-1m started");
    }

    /** The trigger the job logs at its start ({@code coinpulse.trigger=250ms}), or "?". */
    static String trigger(String log) {
        Matcher m = Pattern.compile("coinpulse\\.trigger=(\\S+)").matcher(log);
        return m.find() ? m.group(1) : "?";
    }
}
