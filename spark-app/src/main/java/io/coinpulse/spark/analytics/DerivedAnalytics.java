package io.coinpulse.spark.analytics;

import io.coinpulse.spark.config.AnalyticsSettings;
import io.coinpulse.spark.config.DbSettings;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the derived analytics in step with {@code window_metrics}: given the earliest 1m window of
 * each series that changed (a micro-batch's updates, or a backfilled range), recomputes every
 * indicator of that series from there to its latest window, the alerts of those windows, and the
 * movers ranking of every 1m window boundary touched. Runs on the driver: it reads the series back
 * from the database (bounded by {@link AnalyticsSettings#lookbackWindows()}), so the outcome is
 * the same however the windows were batched.
 *
 * <p>Alerts are handed to the {@code publish} callback before they are stored: a crash in between
 * publishes again on the replay (at-least-once), it never loses one.
 */
public final class DerivedAnalytics {

    private static final Logger LOG = LoggerFactory.getLogger(DerivedAnalytics.class);
    private static final long MINUTE = IndicatorCalculator.MINUTE;
    private static final int ASSETS_PER_READ = 1000;

    private final AnalyticsSettings settings;
    private final AnalyticsRepository repository;
    private final IndicatorCalculator calculator;

    public DerivedAnalytics(DbSettings db, AnalyticsSettings settings) {
        this.settings = settings;
        this.repository = new AnalyticsRepository(db);
        this.calculator = new IndicatorCalculator(settings);
    }

    /** What one update did. */
    public record Outcome(int indicatorRows, int rankings, List<Alert> newAlerts) {
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
        return repository.inSession(() -> recompute(earliest, detectedAt, publish));
    }

    private Outcome recompute(Map<SeriesKey, Long> earliest, long detectedAt, Consumer<List<Alert>> publish) throws SQLException {
        Map<String, List<SeriesKey>> bySource = new TreeMap<>();
        earliest.keySet().stream().sorted().forEach(k -> bySource.computeIfAbsent(k.source(), s -> new ArrayList<>()).add(k));
        long lookback = settings.lookbackWindows() * MINUTE;
        List<String> emaNames = calculator.emaNames();
        int rows = 0;
        List<Alert> candidates = new ArrayList<>();
        TreeSet<Long> touched = new TreeSet<>();
        for (Map.Entry<String, List<SeriesKey>> source : bySource.entrySet()) {
            List<SeriesKey> keys = source.getValue();
            for (int i = 0; i < keys.size(); i += ASSETS_PER_READ) {
                List<SeriesKey> chunk = keys.subList(i, Math.min(keys.size(), i + ASSETS_PER_READ));
                List<String> assets = chunk.stream().map(SeriesKey::asset).toList();
                long minFrom = chunk.stream().mapToLong(earliest::get).min().orElseThrow();
                long maxFrom = chunk.stream().mapToLong(earliest::get).max().orElseThrow();
                Map<String, NavigableMap<Long, WindowPoint>> series = repository.series(source.getKey(), assets, minFrom - lookback);
                Map<String, Map<Long, Map<String, Double>>> stored = repository.indicators(source.getKey(), assets, emaNames,
                        minFrom - MINUTE, maxFrom - MINUTE);
                List<IndicatorValue> values = new ArrayList<>();
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
                    candidates.addAll(result.alerts());
                    window.tailMap(from, true).keySet().forEach(touched::add);
                }
                repository.upsertIndicators(values);
                rows += values.size();
            }
        }
        int rankings = 0;
        for (long t : touched) {
            rank(t);
            rankings++;
        }
        List<Alert> fresh = new ArrayList<>();
        if (!candidates.isEmpty()) {
            var existing = repository.existingAlerts(candidates.stream().map(Alert::alertId).toList());
            candidates.stream().filter(a -> !existing.contains(a.alertId())).forEach(fresh::add);
            if (publish != null && !fresh.isEmpty()) {
                publish.accept(fresh);
            }
            repository.upsertAlerts(candidates);
            for (Alert a : fresh) {
                LOG.info("alert {}: {}", a.alertId(), a.message());
            }
        }
        return new Outcome(rows, rankings, fresh);
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
