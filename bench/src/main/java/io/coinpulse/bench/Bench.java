package io.coinpulse.bench;

import io.coinpulse.launcher.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench/run}: starts the stack on the real parts (as {@code ./coinpulse up} does), measures
 * every stage beside its limit measured in the same run, prints the table and writes it with the
 * plots into {@code docs/BENCHMARKS.md}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures every stage of coinpulse beside its physical limit on this machine.")
public final class Bench implements Callable<Integer> {

    @Option(names = "--quick", description = "Smaller volumes and shorter runs (a few minutes), for a smoke check.")
    boolean quick;

    @Option(names = "--home", description = "Repository root (built modules); default: -Dcoinpulse.home or the working directory.")
    Path home = Path.of(System.getProperty("coinpulse.home", ".")).toAbsolutePath().normalize();

    @Option(names = "--docs", description = "Where BENCHMARKS.md and the PNG plots are written; default: <home>/docs.")
    Path docs;

    @Option(names = "--work", description = "Where each run's data and logs go (run-<millis>/); default: <home>/bench/target/runs.")
    Path workRoot;

    @Option(names = "--assets", split = ",", description = "Asset counts of the streaming runs (default: 10,1000,10000).")
    List<Integer> assets = List.of(10, 1000, 10000);

    @Option(names = "--records", description = "Records per streaming run (default 300000; --quick 30000), over 5 minutes of"
            + " event time per 100,000 records: two ticks per asset and minute at 10,000 assets. ProducerPerformance and the"
            + " measured ingest replays send twice as many.")
    Long records;

    @Option(names = "--freshness-rates", split = ",", description = "Events/s of the synthetic loads of the freshness runs, "
            + "comma-separated (default 2000,10000: one the streaming job keeps up with on 2 busy cores, and the target).")
    List<Double> freshnessRates = List.of(2_000.0, 10_000.0);

    @Option(names = "--freshness-assets", description = "Assets of the synthetic load during the freshness run (default 1000).")
    int freshnessAssets = 1000;

    @Option(names = "--query-rate", description = "Requests/s of the query API runs (default 2000).")
    double queryRate = 2000;

    @Option(names = "--stages", split = ",", description = "Stages to run, comma-separated, of: ${COMPLETION-CANDIDATES}"
            + " (default all). streaming also runs the ingest replays (they fill its topics), backfill the streaming runs"
            + " (it reads their lake); the footprint is taken during freshness. A partial run writes its report into the"
            + " run's folder, never docs/.")
    Set<Stage> stages = EnumSet.allOf(Stage.class);

    @Option(names = "--jfr", description = "Record the ingest replays, the Spark runs and, for 60 s after the measurement under the"
            + " highest freshness load, the stack's Spark job with Java Flight Recorder (profile) into the run's logs folder.")
    boolean jfr;

    /** How long the stack's Spark job is recorded under the highest freshness load, after its measurement. */
    static final Duration FRESHNESS_RECORDING = Duration.ofSeconds(60);
    /** A freshness marker every this many ms. */
    static final long MARKER_EVERY_MILLIS = 200;

    /** ProducerPerformance runs whose median is the ingest row's limit. */
    static final int PRODUCER_RUNS = 3;

    /** 5 minutes of event time per 100,000 records. */
    static final long EVENT_TIME_PER_RECORD_MS = 3;

    private final Results results = new Results();

    /** The stages of a run, in the order they run. */
    enum Stage { ingest, streaming, backfill, freshness, query }

    public static void main(String[] args) {
        // bench/run passes --home, --work and --docs first: a later one on its command line wins
        System.exit(new CommandLine(new Bench()).setOverwrittenOptionsAllowed(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        long recordsPerRun = records != null ? records : quick ? 30_000 : 300_000;
        // the event time grows with the volume, so a run of any size writes as many windows per event
        Duration eventTimeSpan = Duration.ofMillis(Math.max(60_000, recordsPerRun * EVENT_TIME_PER_RECORD_MS));
        Duration freshnessWarmup = Duration.ofSeconds(quick ? 20 : 45);
        Duration freshnessRun = Duration.ofSeconds(quick ? 30 : 90);
        Duration queryWarmup = Duration.ofSeconds(quick ? 3 : 10);
        Duration queryRun = Duration.ofSeconds(quick ? 10 : 30);
        Path work = (workRoot != null ? workRoot : home.resolve("bench/target/runs")).resolve("run-" + System.currentTimeMillis());
        Set<Stage> selected = EnumSet.copyOf(stages);
        if (selected.contains(Stage.backfill)) {
            selected.add(Stage.streaming);
        }
        if (selected.contains(Stage.streaming)) {
            selected.add(Stage.ingest);
        }
        boolean partial = !selected.equals(EnumSet.allOf(Stage.class));
        Path docsDir = partial ? work : docs != null ? docs : home.resolve("docs");
        Path logs = work.resolve("logs");
        results.logs = logs;
        results.started = Instant.now();
        results.command = "bench/run" + (quick ? " --quick" : "") + (jfr ? " --jfr" : "") + (partial ? " --stages " + selected.stream().map(Stage::name)
                .collect(java.util.stream.Collectors.joining(",")) : "");
        results.machine = Machine.describe();
        results.load("start");
        log("work dir " + work);

        Map<String, String> env = new LinkedHashMap<>();
        // the stack's own ingest is replaced by the bench's runs: start it idle
        env.put("COINPULSE_INGEST_SOURCES", "synthetic");
        env.put("COINPULSE_INGEST_SYNTHETIC_RATE", "1");
        env.put("COINPULSE_INGEST_SYNTHETIC_ASSETS", "1");
        // measured loads start from now: no history burst before them
        env.put("COINPULSE_INGEST_SYNTHETIC_HISTORY", "0s");
        try (Stack stack = Stack.start(new Stack.Options(home, work, env, 0, 0, 0), Bench::log);
                AutoCloseable stopOnExit = stopOnExit(stack::close)) {
            stack.ingest().stop(20);
            // the stack's Spark job compiles and runs its first batches for a while after it started: measure after that
            awaitSettled(stack);
            Map<String, Integer> topics = new LinkedHashMap<>();
            topics.put("bench.producer", 3);
            assets.forEach(n -> topics.put(ingestTopic(n), 3));
            assets.forEach(n -> topics.put(ticksTopic(n), 3));
            stack.broker().createTopics(topics);
            KafkaPerf perf = new KafkaPerf(home.resolve("bench/target/bench.classpath"),
                    stack.broker().bootstrapServers(), logs);

            // ingest and its limit
            if (!selected.contains(Stage.ingest)) {
                assets = List.of();
            }
            // the measured replay sends as many records as ProducerPerformance (twice a streaming run's): both tools are
            // fresh JVMs, so each figure carries its warm-up over the same volume
            long ingestRecords = recordsPerRun * 2;
            Map<Integer, TickFile.Written> files = new LinkedHashMap<>();
            Map<Integer, TickFile.Written> ingestFiles = new LinkedHashMap<>();
            for (int i = 0; i < assets.size(); i++) {
                int n = assets.get(i);
                long firstEventTime = DayWindows.DAY_START + (i + 2) * 86_400_000L;
                files.put(n, TickFile.write(work.resolve("data/ticks-" + n + ".jsonl"), recordsPerRun, n, firstEventTime,
                        eventTimeSpan.toMillis(), n));
                ingestFiles.put(n, TickFile.write(work.resolve("data/ingest-" + n + ".jsonl"), ingestRecords, n, firstEventTime,
                        eventTimeSpan.toMillis() * 2, n));
            }
            if (!files.isEmpty()) {
                // a record in crypto.ticks is the replay line plus ,"ingestTime":<13 digits>
                int recordSize = (int) Math.round(files.values().stream().mapToDouble(TickFile.Written::meanLineBytes).average()
                        .orElseThrow()) + ",\"ingestTime\":1772323200000".length();
                results.recordSize = recordSize;
                results.load("producer-perf");
                Path payloads = TickFile.payloads(files.values().iterator().next().file(), work.resolve("data/payloads.jsonl"),
                        20_000);
                log("Kafka ProducerPerformance: " + ingestRecords + " records of " + recordSize + " bytes (ticks as ingest"
                        + " publishes them)");
                // its figure varies by up to a quarter from run to run on a shared machine: the median of three
                List<KafkaPerf.ProducerResult> runs = new ArrayList<>();
                for (int i = 0; i < PRODUCER_RUNS; i++) {
                    awaitSettled(stack);
                    runs.add(perf.produce("bench.producer", ingestRecords, payloads));
                    log("  " + runs.get(i));
                }
                results.producerRuns = runs;
                results.producerLimit = runs.stream().sorted(Comparator.comparingDouble(KafkaPerf.ProducerResult::recordsPerSec))
                        .toList().get(PRODUCER_RUNS / 2);
            }
            for (int n : assets) {
                // the broker and the previous JVM's exit settle first: the first replay after ProducerPerformance was
                // always the slowest (0.46x where the next two gave 0.53x and 0.56x, 01:19), whichever assets it had
                awaitSettled(stack);
                results.load("ingest-" + n);
                log("ingest-service replay of " + ingestRecords + " ticks, " + n + " assets → " + ingestTopic(n));
                Services.IngestRate rate = Services.replay(home, stack, ingestFiles.get(n).file(), ingestTopic(n), ingestRecords,
                        logs.resolve("ingest-replay-" + n + ".log"), jfr ? logs.resolve("ingest-replay-" + n + ".jfr") : null);
                results.ingest.put(n, rate);
                log("  " + rate);
                if (selected.contains(Stage.streaming)) {
                    log("ingest-service replay of " + recordsPerRun + " ticks → " + ticksTopic(n) + ", the streaming run's input");
                    log("  " + Services.replay(home, stack, files.get(n).file(), ticksTopic(n), recordsPerRun,
                            logs.resolve("ingest-fill-" + n + ".log"), null) + " (not measured)");
                }
            }

            // the bench's own Spark runs write to the stack's database: the stack's job, which would take their analytics
            // marks and compute them a second time beside them, is stopped until the freshness stage, then started again
            // from its checkpoint (held with SIGSTOP instead, it missed its own heartbeats and Spark dropped its executor)
            boolean ownSparkRuns = selected.contains(Stage.streaming);
            long sparkLogBefore = 0;
            if (ownSparkRuns) {
                stack.holdSpark();
                sparkLogBefore = Files.size(stack.spark().log());
            }
            try (AutoCloseable held = ownSparkRuns ? stack::releaseSpark : null) {
                // streaming job and its limit, per asset count
                for (int n : ownSparkRuns ? assets : List.<Integer>of()) {
                    results.load("consumer-perf-" + n);
                    results.consumerLimit.put(n, perf.consume(ticksTopic(n), recordsPerRun));
                    log("Kafka ConsumerPerformance " + ticksTopic(n) + ": " + results.consumerLimit.get(n));
                    results.load("spark-" + n);
                    Map<String, String> sparkEnv = new LinkedHashMap<>();
                    sparkEnv.put("COINPULSE_STREAM_PLAN", "one-pass");
                    sparkEnv.put("COINPULSE_TOPICS_TICKS", ticksTopic(n));
                    sparkEnv.put("COINPULSE_TRIGGER", "available-now");
                    sparkEnv.put("COINPULSE_KAFKA_MAX_OFFSETS_PER_TRIGGER", Long.toString(recordsPerRun / 4 + 100));
                    sparkEnv.put("COINPULSE_CHECKPOINT_PATH", work.resolve("bench-checkpoints-" + n).toUri().toString());
                    // every sink on, as ./coinpulse up runs it: MariaDB, crypto.metrics, the lake, the derived analytics
                    sparkEnv.put("COINPULSE_LAKE_PATH", work.resolve("bench-lake-" + n).toUri().toString());
                    log("Spark job, available-now over " + ticksTopic(n));
                    MergeState.forget(stack.database());
                    // what the job's writes cost outside its own process: MariaDB and Kafka work for it too
                    Map<String, Supplier<Optional<ProcessHandle>>> beside = stackProcesses(stack);
                    beside.remove("spark");
                    CpuUse.Snapshot cpuBefore = CpuUse.take(beside);
                    SparkRun.Throughput t = SparkRun.run(home, stack, sparkEnv, logs.resolve("spark-bench-" + n + ".log"),
                            Duration.ofMinutes(15), jfr ? logs.resolve("spark-bench-" + n + ".jfr") : null);
                    results.streaming.put(n, t);
                    results.streamingBeside.put(n, CpuUse.between(cpuBefore, CpuUse.take(beside)));
                    log("  " + t + "; beside it " + results.streamingBeside.get(n).describe());
                    results.load("tutorial-" + n);
                    log("the tutorial Spark job, available-now over " + ticksTopic(n));
                    SparkRun.Throughput tutorial = SparkRun.tutorial(home, stack, ticksTopic(n), recordsPerRun / 4 + 100,
                            work.resolve("tutorial-checkpoints-" + n), logs.resolve("spark-tutorial-" + n + ".log"),
                            Duration.ofMinutes(15), jfr ? logs.resolve("spark-tutorial-" + n + ".jfr") : null);
                    results.tutorial.put(n, tutorial);
                    log("  " + tutorial + "; " + Report.besideTutorial(t, tutorial));
                    results.load("spark-per-size-" + n);
                    log("Spark job, plan per-size, available-now over " + ticksTopic(n));
                    SparkRun.Throughput perSize = perSize(stack, sparkEnv, n, work, logs);
                    results.streamingPerSize.put(n, perSize);
                    log("  " + perSize + "; " + Report.besideTutorial(perSize, tutorial));
                }

                // backfill over the lake of the largest streaming run, checked against that run's windows
                if (selected.contains(Stage.backfill)) {
                    int n = assets.stream().max(Integer::compare).orElseThrow();
                    long from = files.get(n).firstEventTime();
                    long to = from + eventTimeSpan.plusMinutes(1).toMillis();
                    results.load("backfill-" + n);
                    log("Spark job, backfill of " + n + " assets from " + work.resolve("bench-lake-" + n));
                    results.backfill = BackfillRun.run(home, stack, work.resolve("bench-lake-" + n), from, to,
                            logs.resolve("spark-backfill-" + n + ".log"), jfr ? logs.resolve("spark-backfill-" + n + ".jfr") : null);
                    results.backfillAssets = n;
                    log("  " + results.backfill);
                }
            }

            if (ownSparkRuns) {
                awaitStartedAgain(stack, sparkLogBefore);
            }

            // freshness under steady synthetic loads, lowest first (a higher one may leave a backlog); footprint under the highest
            results.trigger = SparkRun.trigger(Files.readString(logs.resolve("spark.log")));
            List<Double> rates = selected.contains(Stage.freshness) ? freshnessRates.stream().sorted().toList() : List.<Double>of();
            if (!rates.isEmpty()) {
                results.freshnessFloor = freshnessFloor(stack, freshnessWarmup, freshnessRun);
            }
            for (double rate : rates) {
                boolean highest = rate == rates.get(rates.size() - 1);
                results.load("freshness-warmup-" + Math.round(rate));
                log("freshness: synthetic load " + Math.round(rate) + " events/s over " + freshnessAssets + " assets, warm-up "
                        + freshnessWarmup.toSeconds() + " s");
                Map<String, String> load = Map.of("COINPULSE_INGEST_SOURCES", "synthetic",
                        "COINPULSE_INGEST_SYNTHETIC_RATE", Double.toString(rate),
                        "COINPULSE_INGEST_SYNTHETIC_ASSETS", Integer.toString(freshnessAssets));
                try (Services.Ingest ingest = Services.startIngest(home, stack, load,
                        logs.resolve("ingest-synthetic-" + Math.round(rate) + ".log"))) {
                    Thread.sleep(freshnessWarmup.toMillis());
                    Map<String, Supplier<Optional<ProcessHandle>>> processes = stackProcesses(stack);
                    processes.put("ingest-service", () -> Optional.of(ingest.process().process().toHandle()));
                    results.load("freshness-" + Math.round(rate));
                    double before = ingest.metric("coinpulse_ingest_ticks_published_total");
                    long t0 = System.nanoTime();
                    Histogram latencies;
                    int lost;
                    CpuUse.Snapshot cpuBefore = CpuUse.take(processes);
                    try (Footprint footprint = new Footprint(processes)) {
                        Freshness freshness = new Freshness();
                        latencies = markers(freshness, stack, freshnessRun);
                        lost = freshness.lost();
                        if (highest) {
                            results.footprint = footprint.peaksMiB();
                            results.footprintTotal = footprint.peakTotalMiB();
                            results.footprintRate = rate;
                        }
                    }
                    CpuUse.Cores cores = CpuUse.between(cpuBefore, CpuUse.take(processes));
                    if (jfr && highest) {
                        // after the measurement: a recording started in a running JVM costs it a burst of recompilation
                        // (a 13.6 s micro-batch once) and memory that it keeps, which the footprint would count
                        log("freshness: recording the stack's Spark job for " + FRESHNESS_RECORDING.toSeconds()
                                + " s under the same load");
                        try (FlightRecording recording = FlightRecording.start(stack.spark().process().pid(),
                                logs.resolve("spark-freshness-" + Math.round(rate) + ".jfr"))) {
                            Thread.sleep(FRESHNESS_RECORDING.toMillis());
                        }
                    }
                    double after = ingest.metric("coinpulse_ingest_ticks_published_total");
                    FreshnessRun run = new FreshnessRun(rate, (after - before) / ((System.nanoTime() - t0) / 1e9), latencies, lost,
                            cores);
                    results.freshness.add(run);
                    log("  sustained " + Math.round(run.sustained()) + " events/s; freshness p50 "
                            + latencies.getValueAtPercentile(50) + " ms p99 " + latencies.getValueAtPercentile(99)
                            + " ms (" + latencies.getTotalCount() + " markers, " + lost + " not seen); " + cores.describe());
                }
            }

            // query API at a constant rate (the synthetic load stopped)
            if (!selected.contains(Stage.query)) {
                return finish(docsDir);
            }
            // the stream job drains what the freshness loads left and its analytics catch up: measure after that
            CpuUse.Cores quiet = CpuUse.awaitQuiet(stackProcesses(stack), 0.3, Duration.ofSeconds(3), Duration.ofMinutes(3));
            log("stack settled: " + quiet.describe());
            DayWindows.insert(stack.database());
            String assetUrl = stack.queryUrl() + "/api/v1/assets/" + DayWindows.ASSET;
            String windowsUrl = stack.queryUrl() + DayWindows.windowsPath();
            Checks.Body day = Checks.expectWindows(windowsUrl, DayWindows.WINDOWS);
            log("query /windows: " + DayWindows.WINDOWS + " windows, " + Report.fmt("%,d", day.wireBytes()) + " B on the wire ("
                    + day.encoding() + "), " + Report.fmt("%,d", day.decodedBytes()) + " B decoded");
            Checks.expectOk(assetUrl);
            results.load("query-asset");
            results.queryAsset = ramp("/assets/{a}", assetUrl, queryWarmup, queryRun);
            Checks.awaitOk(assetUrl, Duration.ofMinutes(3));
            Checks.awaitOk(windowsUrl, Duration.ofMinutes(3));
            results.load("query-windows");
            results.queryWindows = ramp("/windows (1,440 rows)", windowsUrl, queryWarmup, queryRun);
        }
        return finish(docsDir);
    }

    /**
     * Runs {@code stop} when the bench is interrupted (Ctrl-C, SIGTERM): every run has a folder of its
     * own, so no later start would reap what this one leaves running (the stack, a Spark job). Closing
     * the returned handle removes the hook; the part itself is stopped by its own code.
     */
    static AutoCloseable stopOnExit(Runnable stop) {
        Thread hook = new Thread(stop, "bench-stop-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it stops the stack
            }
        };
    }

    private int finish(Path docsDir) throws IOException {
        results.load("end");
        results.finished = Instant.now();
        results.profiles = Profile.ofAll(results.logs);

        String table = Report.table(results);
        System.out.println();
        System.out.println(table);
        Report.write(results, docsDir);
        log("results written to " + docsDir.resolve("BENCHMARKS.md"));
        return 0;
    }

    /**
     * Measures the service time alone, then steps the constant rate up to the target (1%, 5%, 10%,
     * 25%, 50%, 100% of it) and stops at the first
     * rate not served (an error, or p99 over a second): an overloaded service queues work that
     * would spoil every later step, so the steps go up, never down.
     */
    private QueryRamp ramp(String name, String url, Duration warmup, Duration duration) throws Exception {
        List<ConstantRateClient.Result> steps = new ArrayList<>();
        Checks.awaitOk(url, Duration.ofMinutes(2));
        Checks.Body body = Checks.fetch(url);
        double serviceMillis = Checks.medianServiceMillis(url, 21);
        log("query " + name + ": " + Report.fmt("%.2f ms", serviceMillis) + " median of 21 sequential requests");
        for (double fraction : new double[] {0.01, 0.05, 0.1, 0.25, 0.5, 1.0}) {
            Checks.awaitOk(url, Duration.ofMinutes(2));
            ConstantRateClient.Result step = ConstantRateClient.run(url, queryRate * fraction, warmup, duration);
            log("query " + name + ": " + Report.describe(step));
            steps.add(step);
            if (!step.served()) {
                break;
            }
        }
        return new QueryRamp(queryRate, serviceMillis, body.wireBytes(), body.encoding(), steps);
    }

    /** The steps of a query ramp, lowest rate first; the last is the target or the first rate not served. */
    record QueryRamp(double target, double serviceMillis, int wireBytes, String encoding,
            List<ConstantRateClient.Result> steps) {

        ConstantRateClient.Result last() {
            return steps.get(steps.size() - 1);
        }

        boolean reachedTarget() {
            return last().rate() >= target;
        }

        /** The highest rate served, or null. */
        ConstantRateClient.Result highestServed() {
            return steps.stream().filter(ConstantRateClient.Result::served).reduce((a, b) -> b).orElse(null);
        }
    }

    private static void awaitSettled(Stack stack) {
        CpuUse.Cores settled = CpuUse.awaitQuiet(stackProcesses(stack), 0.3, Duration.ofSeconds(3), Duration.ofMinutes(2));
        log("stack settled: " + settled.describe());
    }

    /** Waits until the stack's Spark job, started again, has started its queries (its log after {@code logOffset}) and the stack settled. */
    private static void awaitStartedAgain(Stack stack, long logOffset) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!SparkRun.queryStarted(Services.readLog(stack.spark().log(), logOffset))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the stack's Spark job did not start its queries within 3 minutes; see "
                        + stack.spark().log());
            }
            sleep(500);
        }
        log("the stack's Spark job is running again");
        awaitSettled(stack);
    }

    static String ticksTopic(int assets) {
        return "bench.ticks." + assets;
    }

    /** The streaming run of the alternative plan, per-size, over the same topic, every sink on, on a checkpoint and lake of its own. */
    private SparkRun.Throughput perSize(Stack stack, Map<String, String> onePassEnv, int n, Path work, Path logs) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(onePassEnv);
        env.put("COINPULSE_STREAM_PLAN", "per-size");
        env.put("COINPULSE_CHECKPOINT_PATH", work.resolve("bench-checkpoints-per-size-" + n).toUri().toString());
        env.put("COINPULSE_LAKE_PATH", work.resolve("bench-lake-per-size-" + n).toUri().toString());
        return SparkRun.run(home, stack, env, logs.resolve("spark-bench-per-size-" + n + ".log"), Duration.ofMinutes(15),
                jfr ? logs.resolve("spark-bench-per-size-" + n + ".jfr") : null);
    }

    /** The topic of the measured ingest replay (twice a streaming run's records, as many as ProducerPerformance sends). */
    static String ingestTopic(int assets) {
        return "bench.ingest." + assets;
    }

    static void log(String line) {
        System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + line);
    }

    /** Sleeps; an interrupt ends the sleep early and stays set. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The floor of freshness on this machine: the stack's job with nothing to do but the markers
     * (one every {@value #MARKER_EVERY_MILLIS} ms, no synthetic load), measured like a load. What
     * a marker waits for then is the job's micro-batch itself (planning, scheduling, state, sink),
     * which no load can make shorter.
     */
    private FreshnessRun freshnessFloor(Stack stack, Duration warmup, Duration run) throws InterruptedException {
        double markersPerSec = 1000.0 / MARKER_EVERY_MILLIS;
        log("freshness floor: markers only (" + Math.round(markersPerSec) + " events/s, no load), warm-up " + warmup.toSeconds() + " s");
        // the markers of the warm-up are measured and dropped: the first batches after a quiet spell compile code
        markers(new Freshness(), stack, warmup);
        Map<String, Supplier<Optional<ProcessHandle>>> processes = stackProcesses(stack);
        results.load("freshness-floor");
        CpuUse.Snapshot before = CpuUse.take(processes);
        Freshness freshness = new Freshness();
        Histogram latencies = markers(freshness, stack, run);
        FreshnessRun floor = new FreshnessRun(0, markersPerSec, latencies, freshness.lost(),
                CpuUse.between(before, CpuUse.take(processes)));
        log("  floor: freshness p50 " + latencies.getValueAtPercentile(50) + " ms p99 " + latencies.getValueAtPercentile(99)
                + " ms (" + latencies.getTotalCount() + " markers, " + floor.lost() + " not seen); " + floor.cores().describe());
        return floor;
    }

    /** Markers into the stack's {@code crypto.ticks} for {@code run}, each awaited in its query API: their latencies in ms. */
    private static Histogram markers(Freshness freshness, Stack stack, Duration run) throws InterruptedException {
        return freshness.measure(stack.broker().bootstrapServers(), "crypto.ticks", stack.queryUrl(), run, MARKER_EVERY_MILLIS);
    }

    /**
     * One freshness load: the synthetic rate asked for (0: markers only), the rate ingest sustained,
     * its markers' latencies in ms, and the CPU the stack and the machine used meanwhile.
     */
    record FreshnessRun(double target, double sustained, Histogram latencies, int lost, CpuUse.Cores cores) {
    }

    /** The processes of the stack, by name (each with its descendants when measured). */
    private static Map<String, Supplier<Optional<ProcessHandle>>> stackProcesses(Stack stack) {
        Map<String, Supplier<Optional<ProcessHandle>>> processes = new LinkedHashMap<>();
        processes.put("kafka", () -> stack.broker().processHandle());
        processes.put("mariadb", () -> stack.database().processHandle());
        processes.put("query-service", () -> Optional.of(stack.query().process().toHandle()));
        processes.put("spark", () -> Optional.of(stack.spark().process().toHandle()));
        return processes;
    }

    /** Everything measured in one run. */
    static final class Results {
        Instant started;
        Instant finished;
        /** The run's logs folder (and flight recordings). */
        Path logs;
        /** Summaries of the run's flight recordings ({@code --jfr}), by recording. */
        Map<String, Profile.Summary> profiles = Map.of();
        String command;
        Map<String, String> machine;
        final Map<String, String> loads = new LinkedHashMap<>();
        int recordSize;
        KafkaPerf.ProducerResult producerLimit;
        List<KafkaPerf.ProducerResult> producerRuns = List.of();
        final Map<Integer, Services.IngestRate> ingest = new LinkedHashMap<>();
        final Map<Integer, KafkaPerf.ConsumerResult> consumerLimit = new LinkedHashMap<>();
        /** The streaming job in its default plan, one-pass, every sink on. */
        final Map<Integer, SparkRun.Throughput> streaming = new LinkedHashMap<>();
        /** The streaming job in the alternative plan, per-size, over the same topic, after the tutorial job. */
        final Map<Integer, SparkRun.Throughput> streamingPerSize = new LinkedHashMap<>();
        /** The tutorial job over the same topic as each streaming run, right after it. */
        final Map<Integer, SparkRun.Throughput> tutorial = new LinkedHashMap<>();
        /** CPU of the stack's processes (MariaDB, Kafka, …) over each streaming run. */
        final Map<Integer, CpuUse.Cores> streamingBeside = new LinkedHashMap<>();
        /** The stack's stream job's trigger, from its log. */
        String trigger = "?";
        BackfillRun.Result backfill;
        int backfillAssets;
        final List<FreshnessRun> freshness = new ArrayList<>();
        /** The stack's job with markers only: the limit beside the freshness loads. */
        FreshnessRun freshnessFloor;
        double footprintRate;
        Map<String, Double> footprint = new LinkedHashMap<>();
        double footprintTotal;
        QueryRamp queryAsset;
        QueryRamp queryWindows;

        /** Records the 1-minute load average at a phase: the machine is shared. */
        void load(String phase) {
            try {
                loads.put(phase, Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            } catch (IOException e) {
                loads.put(phase, "?");
            }
        }

        List<String> loadSummary() {
            List<String> out = new ArrayList<>();
            loads.forEach((k, v) -> out.add(k + " " + v));
            return out;
        }
    }
}
