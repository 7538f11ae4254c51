package io.coinpulse.query.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.query.store.WindowMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The cache of final series is bounded by bytes, and only series that cannot change qualify. */
class FinalSeriesTest {

    private static final long T0 = 1_772_323_200_000L;
    private static final long MINUTE = 60_000L;
    private static final long NOW = T0 + 60 * MINUTE;

    @Test
    void itHoldsNoMoreBytesThanConfigured() {
        int body = 10_000;
        long max = 5 * (body + FinalSeries.ENTRY_OVERHEAD_BYTES);
        FinalSeries cache = new FinalSeries(max, new SimpleMeterRegistry());
        for (int i = 0; i < 20; i++) {
            cache.put(key(i), new Rendered(new byte[body], "e" + i));
        }
        assertThat(cache.weightedBytes()).isLessThanOrEqualTo(max);
        assertThat(cache.size()).isBetween(1L, 5L);
        // what it keeps (Caffeine's admission policy chooses which) is kept under its own key
        long kept = IntStream.range(0, 20).filter(i -> cache.get(key(i)).isPresent()).peek(
                i -> assertThat(cache.get(key(i))).map(Rendered::etag).contains("e" + i)).count();
        assertThat(kept).isEqualTo(cache.size());
    }

    @Test
    void aBodyLargerThanTheWholeCacheIsNotKept() {
        FinalSeries cache = new FinalSeries(1_000, new SimpleMeterRegistry());
        cache.put(key(1), new Rendered(new byte[10_000], "big"));
        assertThat(cache.size()).isZero();
        assertThat(cache.weightedBytes()).isZero();
    }

    @Test
    void anEntryIsStoredWithItsGzipAndWeighsBoth() throws Exception {
        FinalSeries cache = new FinalSeries(1_000_000, new SimpleMeterRegistry());
        byte[] json = "{\"windows\":[1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,10,1,2,3,4,5,6,7,8,9,10]}"
                .repeat(50).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Rendered stored = cache.put(key(1), new Rendered(json, "tag"));
        byte[] gzip = stored.gzip().orElseThrow();
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            assertThat(in.readAllBytes()).isEqualTo(json);
        }
        assertThat(gzip.length).isBetween(1, json.length / 10);
        assertThat(cache.get(key(1))).containsSame(stored);
        assertThat(cache.weightedBytes()).isEqualTo(json.length + gzip.length + FinalSeries.ENTRY_OVERHEAD_BYTES);
        // compressed once: putting what is stored keeps the same bytes
        assertThat(stored.withGzip()).isSameAs(stored);
    }

    @Test
    void theBoundCountsTheGzipBytesToo() {
        byte[] json = new byte[10_000];
        new java.util.Random(7).nextBytes(json); // incompressible: gzip is as large as the body
        long plainOnly = json.length + FinalSeries.ENTRY_OVERHEAD_BYTES;
        FinalSeries cache = new FinalSeries(plainOnly + 100, new SimpleMeterRegistry());
        cache.put(key(1), new Rendered(json, "random"));
        assertThat(cache.size()).isZero();
        assertThat(cache.weightedBytes()).isZero();
    }

    @Test
    void onlyAClosedRangeOfFinalWindowsFinalToItsEndIsImmutable() {
        WindowSeries finalToT6 = series(6, 6);
        // to reached, all final
        assertThat(FinalSeries.immutable(finalToT6, OptionalLong.of(T0), OptionalLong.of(T0 + 6 * MINUTE), 100, NOW))
                .isTrue();
        // to not yet passed
        assertThat(FinalSeries.immutable(finalToT6, OptionalLong.of(T0), OptionalLong.of(T0 + 6 * MINUTE), 100,
                T0 + 5 * MINUTE)).isFalse();
        // no to: open-ended
        assertThat(FinalSeries.immutable(finalToT6, OptionalLong.of(T0), OptionalLong.empty(), 100, NOW)).isFalse();
        // a window not final
        assertThat(FinalSeries.immutable(series(6, 5), OptionalLong.of(T0), OptionalLong.of(T0 + 6 * MINUTE), 100,
                NOW)).isFalse();
        // the windows end before to: a later window may still come
        assertThat(FinalSeries.immutable(finalToT6, OptionalLong.of(T0), OptionalLong.of(T0 + 10 * MINUTE), 100,
                NOW)).isFalse();
        assertThat(FinalSeries.immutable(finalToT6, OptionalLong.empty(), OptionalLong.of(T0 + 10 * MINUTE), 6,
                NOW)).isFalse();
        // oldest first, cut off by the limit at a final window: nothing before it can change
        assertThat(FinalSeries.immutable(finalToT6, OptionalLong.of(T0), OptionalLong.of(T0 + 10 * MINUTE), 6, NOW))
                .isTrue();
        // empty
        assertThat(FinalSeries.immutable(series(0, 0), OptionalLong.of(T0), OptionalLong.of(T0 + MINUTE), 10, NOW))
                .isFalse();
    }

    private static FinalSeries.Key key(int i) {
        return new FinalSeries.Key("A" + i, "binance", "1m", OptionalLong.of(T0), OptionalLong.of(T0 + MINUTE), 10);
    }

    /** {@code count} 1m windows from T0, the first {@code finals} of them final. */
    private static WindowSeries series(int count, int finals) {
        List<WindowMetrics> windows = IntStream.range(0, count)
                .mapToObj(i -> new WindowMetrics(T0 + i * MINUTE, T0 + (i + 1) * MINUTE, 1, 1, 1, 1, 1, 1.0, 1, 1, 1, 1,
                        0, 0, i < finals))
                .toList();
        return new WindowSeries("BTC", "binance", "1m", windows);
    }
}
