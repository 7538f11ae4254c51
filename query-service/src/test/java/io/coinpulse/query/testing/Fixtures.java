package io.coinpulse.query.testing;

import io.coinpulse.query.store.WindowMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.sql.DataSource;

/**
 * Known rows of {@code window_metrics}: the dataset's expected 1m windows
 * ({@code ../shared/datasets/ticks-sample.expected-1m.csv}, all from binance) and a few hand-made
 * rows for the cases the dataset lacks (a second source, a quote-only window, 5m, 24 h history).
 */
public final class Fixtures {

    /** One row: where it belongs, its metrics and when it was written (epoch ms). */
    public record Row(String source, String asset, String size, WindowMetrics window, long updatedAt) {
    }

    public static final Path DATASET = Path.of("..", "..", "shared", "datasets", "ticks-sample.expected-1m.csv");

    public static final long MINUTE = 60_000L;
    public static final long HOUR = 60 * MINUTE;

    /** The first window of the dataset, 2026-03-01T00:00:00Z. */
    public static final long T0 = 1_772_323_200_000L;

    /** Latest window of LTC and XLM, the assets with a history of more than a day. */
    public static final long LATEST = T0 + 5 * MINUTE;

    private static final String INSERT = "INSERT INTO window_metrics (source, asset, window_size, window_start,"
            + " window_end, open, high, low, close, avg_price, tick_count, trade_count, volume_base, volume_quote,"
            + " vwap, price_stddev, pct_change, is_final, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(? / 1000))";

    private static final List<Row> ROWS = build();

    private Fixtures() {
    }

    /** Every row, in (source, asset, size, windowStart) order. */
    public static List<Row> rows() {
        return ROWS;
    }

    /** The windows of (source, asset, size), oldest first. */
    public static List<WindowMetrics> windows(String source, String asset, String size) {
        return ROWS.stream()
                .filter(r -> r.source().equals(source) && r.asset().equals(asset) && r.size().equals(size))
                .map(Row::window)
                .toList();
    }

    /** The row of (source, asset, size) starting at {@code windowStart}. */
    public static Row row(String source, String asset, String size, long windowStart) {
        return ROWS.stream()
                .filter(r -> r.source().equals(source) && r.asset().equals(asset) && r.size().equals(size)
                        && r.window().windowStart() == windowStart)
                .findFirst()
                .orElseThrow();
    }

    /** The latest row of (source, asset, size). */
    public static Row latest(String source, String asset, String size) {
        return ROWS.stream()
                .filter(r -> r.source().equals(source) && r.asset().equals(asset) && r.size().equals(size))
                .max(Comparator.comparingLong(r -> r.window().windowStart()))
                .orElseThrow();
    }

    /** Empties {@code window_metrics} and inserts every row. */
    public static void load(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM window_metrics");
            }
            try (PreparedStatement s = c.prepareStatement(INSERT)) {
                for (Row row : ROWS) {
                    WindowMetrics w = row.window();
                    int i = 1;
                    s.setString(i++, row.source());
                    s.setString(i++, row.asset());
                    s.setString(i++, row.size());
                    s.setLong(i++, w.windowStart());
                    s.setLong(i++, w.windowEnd());
                    s.setDouble(i++, w.open());
                    s.setDouble(i++, w.high());
                    s.setDouble(i++, w.low());
                    s.setDouble(i++, w.close());
                    s.setDouble(i++, w.avgPrice());
                    s.setLong(i++, w.tickCount());
                    s.setLong(i++, w.tradeCount());
                    s.setDouble(i++, w.volumeBase());
                    s.setDouble(i++, w.volumeQuote());
                    if (w.vwap() == null) {
                        s.setNull(i++, Types.DOUBLE);
                    } else {
                        s.setDouble(i++, w.vwap());
                    }
                    s.setDouble(i++, w.priceStddev());
                    s.setDouble(i++, w.pctChange());
                    s.setBoolean(i++, w.isFinal());
                    s.setLong(i, row.updatedAt());
                    s.addBatch();
                }
                s.executeBatch();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("loading the fixtures", e);
        }
    }

    /** Empties {@code window_metrics}. */
    public static void clear(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM window_metrics");
        } catch (SQLException e) {
            throw new IllegalStateException("clearing window_metrics", e);
        }
    }

    private static List<Row> build() {
        List<Row> rows = new ArrayList<>(dataset());
        // ETH has a second source: without ?source= and without a primary source it is ambiguous.
        rows.add(row("coincap", "ETH", "1m", T0, 3500.1, 3502.5, 3499.0, 3501.75, 3500.9, 0, 0, 0, 0, null, 1.25,
                0.04999857146938664, true));
        rows.add(row("coincap", "ETH", "1m", T0 + MINUTE, 3501.75, 3503.0, 3500.5, 3502.25, 3501.8, 0, 0, 0, 0,
                null, 0.75, 0.014278591562757763, false));
        // PEPE comes from coincap only, in quotes: no trades, so no vwap.
        rows.add(row("coincap", "PEPE", "1m", T0, 0.0000121, 0.0000123, 0.000012, 0.0000122, 0.00001215, 4, 0,
                0, 0, null, 0.0000001, 0.8264462809917354, true));
        // DOT: both sources end at the same window; the listing breaks the tie by source name.
        rows.add(row("binance", "DOT", "1m", T0, 4.5, 4.5, 4.5, 4.5, 4.5, 1, 1, 10, 45, 4.5, 0, 0, true));
        rows.add(row("coincap", "DOT", "1m", T0, 4.25, 4.25, 4.25, 4.25, 4.25, 1, 0, 0, 0, null, 0, 0, true));
        // BTC has a 5m window besides its 1m windows.
        rows.add(row("binance", "BTC", "5m", T0, 68023.59669, 68195.25, 67980.5, 68101.875, 68077.3125, 912, 820,
                7.5, 510579.84375, 68077.3125, 41.5, 0.11490242335427117, true));
        // LTC: a day of history. 125 now against 100 exactly 24 h before is +25 %; the window 23 h before
        // is too recent and the one 24.5 h before less recent than the one exactly 24 h before.
        rows.add(priceRow("binance", "LTC", LATEST - 24 * HOUR - 30 * MINUTE, 80));
        rows.add(priceRow("binance", "LTC", LATEST - 24 * HOUR, 100));
        rows.add(priceRow("binance", "LTC", LATEST - 23 * HOUR, 90));
        rows.add(priceRow("binance", "LTC", LATEST, 125));
        // XLM: the only older window is 26 h before the latest, beyond the 1 h tolerance: no 24 h change.
        rows.add(priceRow("binance", "XLM", LATEST - 26 * HOUR, 40));
        rows.add(priceRow("binance", "XLM", LATEST, 50));
        rows.sort(Comparator.comparing(Row::source).thenComparing(Row::asset).thenComparing(Row::size)
                .thenComparingLong(r -> r.window().windowStart()));
        return List.copyOf(rows);
    }

    /** The dataset's expected windows; the CSV has no stddev and no finality, made up here. */
    private static List<Row> dataset() {
        List<String> lines;
        try {
            lines = Files.readAllLines(DATASET);
        } catch (IOException e) {
            throw new UncheckedIOException("the dataset is beside the repository: " + DATASET.toAbsolutePath(), e);
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            // source,asset,window_start,open,high,low,close,tick_count,trade_count,volume_base,volume_quote,vwap,
            // avg_price,pct_change
            long start = Long.parseLong(f[2]);
            double high = Double.parseDouble(f[4]);
            double low = Double.parseDouble(f[5]);
            rows.add(row(f[0], f[1], "1m", start, Double.parseDouble(f[3]), high, low, Double.parseDouble(f[6]),
                    Double.parseDouble(f[12]), Long.parseLong(f[7]), Long.parseLong(f[8]), Double.parseDouble(f[9]),
                    Double.parseDouble(f[10]), f[11].isEmpty() ? null : Double.parseDouble(f[11]), (high - low) / 4,
                    Double.parseDouble(f[13]), start < T0 + 6 * MINUTE));
        }
        return rows;
    }

    private static Row priceRow(String source, String asset, long start, double close) {
        return row(source, asset, "1m", start, close, close, close, close, close, 1, 1, 2, 2 * close, close, 0, 0,
                start < LATEST);
    }

    private static Row row(String source, String asset, String size, long start, double open, double high,
            double low, double close, double avg, long ticks, long trades, double volumeBase, double volumeQuote,
            Double vwap, double stddev, double pctChange, boolean isFinal) {
        long end = start + ("5m".equals(size) ? 5 * MINUTE : MINUTE);
        return new Row(source, asset, size, new WindowMetrics(start, end, open, high, low, close, avg, vwap,
                volumeBase, volumeQuote, ticks, trades, stddev, pctChange, isFinal), end + 1234);
    }
}
