package io.coinpulse.query.service;

import io.coinpulse.query.config.QueryConfig;
import io.coinpulse.query.store.AnalyticsRepository;
import io.coinpulse.query.store.LatestPrice;
import io.coinpulse.query.store.WindowMetrics;
import io.coinpulse.query.store.WindowMetricsRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** What the API serves: source resolution, time series, latest state and the price listing. */
@ApplicationScoped
public class AssetService {

    /** The window size prices and 24 h changes are taken from (SPEC §4: always computed). */
    public static final String PRICE_SIZE = "1m";

    static final long DAY_MS = 86_400_000L;

    /** How much older than 24 h the reference window of the 24 h change may be (gaps in the data). */
    static final long DAY_TOLERANCE_MS = 3_600_000L;

    private final WindowMetricsRepository repository;
    private final SourceDirectory sourceDirectory;
    private final AnalyticsRepository analytics;
    private final QueryConfig config;

    public AssetService(WindowMetricsRepository repository, SourceDirectory sourceDirectory,
            AnalyticsRepository analytics, QueryConfig config) {
        this.repository = repository;
        this.sourceDirectory = sourceDirectory;
        this.analytics = analytics;
        this.config = config;
    }

    /**
     * The source to serve for {@code asset} (SPEC §6): the requested one; else the primary source
     * when it has data for the asset; else the only source with data.
     *
     * @throws io.quarkiverse.resteasy.problem.HttpProblem 404 for an unknown asset or a source
     *         without data for it, 400 when several sources qualify
     */
    public String resolveSource(String asset, Optional<String> requested) {
        return resolve(asset, requested, sourceDirectory.sources(asset));
    }

    /**
     * Windows of {@code size} with {@code from <= windowStart < to}, oldest first: the first
     * {@code limit} from {@code from} on, or the latest {@code limit} when {@code from} is absent.
     */
    public WindowSeries windows(String asset, Optional<String> source, String size, OptionalLong from,
            OptionalLong to, int limit) {
        return windowsFrom(asset, resolveSource(asset, source), size, from, to, limit);
    }

    /** {@link #windows} of a source already resolved. */
    WindowSeries windowsFrom(String asset, String resolved, String size, OptionalLong from, OptionalLong to,
            int limit) {
        List<WindowMetrics> windows = repository.windows(resolved, asset, size, from.orElse(Long.MIN_VALUE),
                to.orElse(Long.MAX_VALUE), limit, from.isEmpty());
        return new WindowSeries(asset, resolved, size, windows);
    }

    /** The latest window of every configured size that has data, and the latest value of every indicator. */
    public AssetDetail detail(String asset, Optional<String> source) {
        List<String> sources = sourceDirectory.sources(asset);
        String resolved = resolve(asset, source, sources);
        Map<String, WindowMetrics> latest = new LinkedHashMap<>();
        for (String size : sizes()) {
            repository.latest(resolved, asset, size).ifPresent(w -> latest.put(size, w));
        }
        return new AssetDetail(asset, resolved, sources, latest, analytics.latestIndicators(resolved, asset));
    }

    /**
     * Page {@code page} (from 0) of {@code limit} assets in symbol order, each with the close of its
     * latest 1m window, the changes against the closes 1m, 5m and about 24 h before, and the quote
     * volume of the day. Without a requested
     * source, each asset is priced from the primary source when that has data for it, else from
     * the source with the most recent window (ties: the first by name).
     */
    public AssetPage assets(long page, int limit, Optional<String> source) {
        long total = repository.countAssets(PRICE_SIZE, source);
        List<String> assets = repository.assets(PRICE_SIZE, source, page * limit, limit);
        Map<String, List<LatestPrice>> byAsset = repository
                .latestPrices(PRICE_SIZE, assets, DAY_MS, DAY_TOLERANCE_MS).stream()
                .collect(Collectors.groupingBy(LatestPrice::asset, LinkedHashMap::new, Collectors.toList()));
        List<AssetSummary> summaries = new ArrayList<>();
        for (String asset : assets) {
            List<LatestPrice> prices = byAsset.getOrDefault(asset, List.of());
            choose(prices, source).ifPresent(p -> summaries.add(summary(p, prices)));
        }
        return new AssetPage(page, limit, total, summaries);
    }

    /** The configured window sizes, in configured order. */
    public List<String> sizes() {
        return config.windows().stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private String resolve(String asset, Optional<String> requested, List<String> sources) {
        if (sources.isEmpty()) {
            throw Problems.unknownAsset(asset);
        }
        if (requested.isPresent()) {
            return sources.stream().filter(s -> s.equalsIgnoreCase(requested.get())).findFirst()
                    .orElseThrow(() -> Problems.unknownSource(asset, requested.get(), sources));
        }
        Optional<String> primary = config.primarySource()
                .flatMap(p -> sources.stream().filter(s -> s.equalsIgnoreCase(p.trim())).findFirst());
        if (primary.isPresent()) {
            return primary.get();
        }
        if (sources.size() == 1) {
            return sources.get(0);
        }
        throw Problems.ambiguousSource(asset, sources);
    }

    private Optional<LatestPrice> choose(List<LatestPrice> prices, Optional<String> requested) {
        if (requested.isPresent()) {
            return prices.stream().filter(p -> p.source().equalsIgnoreCase(requested.get())).findFirst();
        }
        Optional<LatestPrice> primary = config.primarySource()
                .flatMap(s -> prices.stream().filter(p -> p.source().equalsIgnoreCase(s.trim())).findFirst());
        if (primary.isPresent()) {
            return primary;
        }
        return prices.stream().min(Comparator.comparingLong(LatestPrice::windowStart).reversed()
                .thenComparing(LatestPrice::source));
    }

    /** Whether {@code asset} has windows of any size from any source. */
    public boolean exists(String asset) {
        return !sourceDirectory.sources(asset).isEmpty();
    }

    private static AssetSummary summary(LatestPrice price, List<LatestPrice> all) {
        List<String> sources = all.stream().map(LatestPrice::source).sorted().toList();
        return new AssetSummary(price.asset(), price.source(), sources, price.close(),
                change(price.close(), price.closeMinuteBefore()), change(price.close(), price.closeFiveMinutesBefore()),
                change(price.close(), price.closeDayBefore()), price.volumeQuoteDay(), price.windowStart(),
                price.updatedAt());
    }

    /** {@code (price - reference) / reference * 100}; null without a reference. */
    static Double change(double price, Double reference) {
        return reference == null || reference == 0 ? null : (price - reference) / reference * 100;
    }
}
