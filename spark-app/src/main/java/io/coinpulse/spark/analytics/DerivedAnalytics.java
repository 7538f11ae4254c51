package io.coinpulse.spark.analytics;

import io.coinpulse.spark.config.AnalyticsSettings;
import io.coinpulse.spark.config.DbSettings;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the derived analytics in step with {@code window_metrics}: given the earliest 1m window of
 * each series that changed (a micro-batch's updates, or a backfilled range), recomputes every
 * indicator of that series from there to its latest window, the alerts of those windows, and the
 * movers ranking of every 1m window boundary touched. Runs on the driver: it reads the series back
 * from the database (bounded by {@link AnalyticsSettings#lookbackWindows()}), so the outcome is
 * the same however the windows were batched. The series are split over two connections, each on
 * a thread of its own (the indicators first, then the rankings of the minutes they touched): the
 * work waits on the database one statement at a time per connection, and a second one overlaps its
 * waits with the first's.
 *
 * <p>Alerts are handed to the {@code publish} callback before they are stored: a crash in between
 * publishes again on the replay (at-least-once), it never loses one.
 */
public final class DerivedAnalytics {

    private static final Logger LOG = LoggerFactory.getLogger(DerivedAnalytics.class);
    private static final long MINUTE = IndicatorCalculator.MINUTE;
    private static final int ASSETS_PER_READ = 1000;
    /**
     * Connections (and threads) one update uses at most. The work is mostly waiting on the
     * database, one statement at a time per connection; a second connection overlaps its waits
     * with the first's (the 10,000-asset benchmark's analytics spent 40 s blocked in socket reads).
     */
    static final int PARALLELISM = 2;
    /** Fewer series than this are updated on one connection: a second costs more than it saves. */
    static final int PARALLEL_FROM = 400;

    private final int parallelism;
    private final AnalyticsSettings settings;
    private final AnalyticsRepository repository;
    private final IndicatorCalculator calculator;

    public DerivedAnalytics(DbSettings db, AnalyticsSettings settings) {
        this(db, settings, PARALLELISM);
    }

    /** With at most {@code parallelism} connections (and threads) per update. */
    DerivedAnalytics(DbSettings db, AnalyticsSettings settings, int parallelism) {
        this.parallelism = parallelism;
        this.settings = settings;
        this.repository = new AnalyticsRepository(db);
        this.calculator = new IndicatorCalculator(settings);
    }

    /** What one update did. */
    public record Outcome(int indicatorValues, int rankings, List<Alert> newAlerts) {
    }

    /**
     * Recomputes each series from its earliest changed window on.
     *
     * @param earliest series → start of its earliest changed 1m window
     * @param detectedAt the time new alerts are stamped with
     * @param publish receives the new alerts before they are stored; null: stored only
     */
    public Outcome update(Map<SeriesKey, Long> earliest, long detectedAt, Consumer<List<Alert>> publish) throws SQLException {
        if (earliest.isEmpty()) {
            return new Outcome(0, 0, List.of());
        }
        List<List<SeriesKey>> chunks = chunks(earliest.keySet(), parallelism);
        List<Integer> indexes = IntStream.range(0, chunks.size()).boxed().toList();
        List<ChunkResult> computed = new ArrayList<>();
        for (List<ChunkResult> group : inParallel(groups(indexes, parallelism), group -> {
            List<ChunkResult> out = new ArrayList<>();
            for (int i : group) {
                out.add(indicators(i, chunks.get(i), earliest, detectedAt));
            }
            return out;
        })) {
            computed.addAll(group);
        }
        // in the order of the series, as one connection would have computed them
        computed.sort(Comparator.comparingInt(ChunkResult::index));
        int values = 0;
        List<Alert> candidates = new ArrayList<>();
        TreeSet<Long> touched = new TreeSet<>();
        for (ChunkResult c : computed) {
            values += c.values();
            candidates.addAll(c.alerts());
            touched.addAll(c.touched());
        }
        // every indicator is stored: rank each touched minute (each on its own, so the minutes split)
        inParallel(groups(List.copyOf(touched), parallelism), group -> {
            for (long t : group) {
                rank(t);
            }
            return group.size();
        });
        List<Alert> fresh = new ArrayList<>();
        if (!candidates.isEmpty()) {
            repository.inSession(() -> {
                var existing = repository.existingAlerts(candidates.stream().map(Alert::alertId).toList());
                candidates.stream().filter(a -> !existing.contains(a.alertId())).forEach(fresh::add);
                if (publish != null && !fresh.isEmpty()) {
                    publish.accept(fresh);
                }
                repository.upsertAlerts(candidates);
                return null;
            });
            for (Alert a : fresh) {
                LOG.info("alert {}: {}", a.alertId(), a.message());
            }
        }
        return new Outcome(values, touched.size(), fresh);
    }

    /** The indicators and alert candidates of one chunk of series (one source), upserted; the minutes they touched. */
    private record ChunkResult(int index, int values, List<Alert> alerts, List<Long> touched) {
    }

    /**
     * The series, by source, in chunks read with one query each: at most {@value #ASSETS_PER_READ}
     * assets, and when there are at least {@value #PARALLEL_FROM} series, small enough that each of
     * {@code parallelism} connections gets one.
     */
    static List<List<SeriesKey>> chunks(Collection<SeriesKey> keys, int parallelism) {
        Map<String, List<SeriesKey>> bySource = new TreeMap<>();
        keys.stream().sorted().forEach(k -> bySource.computeIfAbsent(k.source(), s -> new ArrayList<>()).add(k));
        int size = keys.size() < PARALLEL_FROM ? ASSETS_PER_READ
                : Math.min(ASSETS_PER_READ, (keys.size() + parallelism - 1) / parallelism);
        List<List<SeriesKey>> out = new ArrayList<>();
        for (List<SeriesKey> source : bySource.values()) {
            for (int i = 0; i < source.size(); i += size) {
                out.add(source.subList(i, Math.min(source.size(), i + size)));
            }
        }
        return out;
    }

    /** {@code items} dealt round-robin into at most {@code parallelism} groups, none empty. */
    static <T> List<List<T>> groups(List<T> items, int parallelism) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (out.size() < parallelism) {
                out.add(new ArrayList<>());
            }
            out.get(i % parallelism).add(items.get(i));
        }
        return out;
    }

    /** Work on one group of items, with the session of its thread. */
    @FunctionalInterface
    private interface GroupWork<T, R> {
        R run(List<T> group) throws SQLException;
    }

    /**
     * Runs {@code work} on each group, each in a session of its own: the first on this thread, the
     * others on threads of their own. Returns the results in the order of the groups; the first
     * failure is thrown once every group has ended.
     */
    private <T, R> List<R> inParallel(List<List<T>> groups, GroupWork<T, R> work) throws SQLException {
        if (groups.isEmpty()) {
            return List.of();
        }
        if (groups.size() == 1) {
            return List.of(repository.inSession(() -> work.run(groups.get(0))));
        }
        String helperName = Thread.currentThread().getName() + "-helper";
        ExecutorService helpers = Executors.newFixedThreadPool(groups.size() - 1, r -> {
            Thread t = new Thread(r, helperName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> others = new ArrayList<>();
            for (List<T> group : groups.subList(1, groups.size())) {
                others.add(helpers.submit(() -> repository.inSession(() -> work.run(group))));
            }
            List<R> out = new ArrayList<>();
            SQLException failed = null;
            try {
                out.add(repository.inSession(() -> work.run(groups.get(0))));
            } catch (SQLException e) {
                failed = e;
            }
            for (Future<R> f : others) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    SQLException cause = e.getCause() instanceof SQLException sql ? sql
                            : new SQLException("derived analytics failed on " + helperName, e.getCause());
                    if (failed == null) {
                        failed = cause;
                    } else {
                        failed.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for the derived analytics", e);
                }
            }
            if (failed != null) {
                throw failed;
            }
            return out;
        } finally {
            helpers.shutdownNow();
        }
    }

    private ChunkResult indicators(int index, List<SeriesKey> chunk, Map<SeriesKey, Long> earliest, long detectedAt) throws SQLException {
        String source = chunk.get(0).source();
        long lookback = settings.lookbackWindows() * MINUTE;
        List<String> emaNames = calculator.emaNames();
        List<String> assets = chunk.stream().map(SeriesKey::asset).toList();
        long minFrom = chunk.stream().mapToLong(earliest::get).min().orElseThrow();
        long maxFrom = chunk.stream().mapToLong(earliest::get).max().orElseThrow();
        Map<String, NavigableMap<Long, WindowPoint>> series = repository.series(source, assets, minFrom - lookback);
        Map<String, Map<Long, Map<String, Double>>> stored = repository.indicators(source, assets, emaNames,
                minFrom - MINUTE, maxFrom - MINUTE);
        List<IndicatorValue> values = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        TreeSet<Long> touched = new TreeSet<>();
        for (SeriesKey key : chunk) {
            NavigableMap<Long, WindowPoint> points = series.get(key.asset());
            if (points == null) {
                continue;
            }
            long from = earliest.get(key);
            NavigableMap<Long, WindowPoint> window = points.tailMap(from - lookback, true);
            Map<String, Double> before = stored.getOrDefault(key.asset(), Map.of()).getOrDefault(from - MINUTE, Map.of());
            Map<Integer, Double> emaBefore = new HashMap<>();
            for (int n : settings.emaPeriods()) {
                if (before.containsKey("ema_" + n)) {
                    emaBefore.put(n, before.get("ema_" + n));
                }
            }
            IndicatorCalculator.Result result = calculator.compute(key, window, from, emaBefore, detectedAt);
            values.addAll(result.indicators());
            alerts.addAll(result.alerts());
            touched.addAll(window.tailMap(from, true).keySet());
        }
        repository.upsertIndicators(values);
        return new ChunkResult(index, values.size(), alerts, List.copyOf(touched));
    }

    /** Ranks the 5m movers as of the end of the 1m window starting at {@code windowStart}. */
    private void rank(long windowStart) throws SQLException {
        List<AnalyticsRepository.Change5m> changes = repository.changes5m(windowStart);
        Comparator<AnalyticsRepository.Change5m> byKey = Comparator.comparing(AnalyticsRepository.Change5m::key);
        List<AnalyticsRepository.Change5m> up = changes.stream().filter(c -> c.pctChange() > 0)
                .sorted(Comparator.comparingDouble(AnalyticsRepository.Change5m::pctChange).reversed().thenComparing(byKey))
                .toList();
        List<AnalyticsRepository.Change5m> down = changes.stream().filter(c -> c.pctChange() < 0)
                .sorted(Comparator.comparingDouble(AnalyticsRepository.Change5m::pctChange).thenComparing(byKey))
                .toList();
        repository.replaceMovers(AnalyticsSettings.MOVERS_PERIOD, windowStart + MINUTE, top(up, windowStart), top(down, windowStart));
    }

    /** The first {@code movers-top} of {@code ranked} with both closes stored, in order, with those closes. */
    private List<AnalyticsRepository.Change> top(List<AnalyticsRepository.Change5m> ranked, long windowStart) throws SQLException {
        List<AnalyticsRepository.Change> out = new ArrayList<>();
        int next = 0;
        while (out.size() < settings.moversTop() && next < ranked.size()) {
            List<AnalyticsRepository.Change5m> candidates = ranked.subList(next,
                    Math.min(ranked.size(), next + settings.moversTop() - out.size()));
            next += candidates.size();
            Map<SeriesKey, double[]> closes = repository.closes5m(candidates.stream().map(AnalyticsRepository.Change5m::key).toList(),
                    windowStart);
            for (AnalyticsRepository.Change5m c : candidates) {
                double[] openAndClose = closes.get(c.key());
                if (openAndClose != null) {
                    out.add(new AnalyticsRepository.Change(c.key(), c.pctChange(), openAndClose[0], openAndClose[1]));
                }
            }
        }
        return out;
    }
}
