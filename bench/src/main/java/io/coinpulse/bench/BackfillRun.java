package io.coinpulse.bench;

import io.coinpulse.devstack.Database;
import io.coinpulse.launcher.Stack;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Spark job's {@code backfill} mode over the lake a streaming run wrote: the streaming run's
 * rows of the range are read, deleted, recomputed by the backfill from the lake's raw ticks and read
 * again; the two sets must be the same windows with the same values. The rate is the job's own
 * figure (ticks over the time of its {@code Backfill.run}, session start excluded), derived
 * analytics on (the job's default): the streaming row counts its analytics too (that run ends when
 * they have caught up), so both rows compute the same tables.
 */
final class BackfillRun {

    /** The metric columns of {@code window_metrics} compared, every one the stream writes. */
    static final String[] METRICS = {"open", "high", "low", "close", "avg_price", "tick_count", "trade_count",
        "volume_base", "volume_quote", "vwap", "price_stddev", "pct_change"};
    /** Relative tolerance of a metric: sums in another order differ in the last bits, as in the job's compare mode. */
    static final double TOLERANCE = 1e-9;

    private static final Pattern DONE = Pattern.compile(
            "backfill \\S+ of .*? done in ([0-9.]+) s: (\\d+) windows from (\\d+) ticks[^\\n]*?"
            + "(?:; the windows took ([0-9.]+) s, the derived analytics ([0-9.]+) s)?$", Pattern.MULTILINE);

    /**
     * What a backfill did, as the job logs it, and how its windows compare with the stream's.
     *
     * @param phases how long the windows and the derived analytics took, or null when the job did not say
     * @param differing windows only on one side or with a metric beyond {@link #TOLERANCE}
     */
    record Result(long ticks, long windows, double seconds, Phases phases, double cpuSeconds, int streamWindows, int differing,
            String firstDifference) {

        double perSec() {
            return ticks / seconds;
        }

        boolean identical() {
            return differing == 0 && streamWindows == windows;
        }
    }

    /** The backfill's two parts, in seconds: its windows (read, recompute, write; the first query's planning included), then the derived analytics. */
    record Phases(double windows, double analytics) {
    }

    /**
     * The job's own result line: {@code backfill <id> of <range> done in <s> s: <w> windows from <t> ticks …;
     * the windows took <s> s, the derived analytics <s> s} (a job that does not say its parts: phases null).
     */
    record Logged(double seconds, long windows, long ticks, Phases phases) {

        /** The result line of the job's log, or null when it has none. */
        static Logged parse(String log) {
            Matcher m = DONE.matcher(log);
            if (!m.find()) {
                return null;
            }
            Phases phases = m.group(4) == null ? null : new Phases(Double.parseDouble(m.group(4)), Double.parseDouble(m.group(5)));
            return new Logged(Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), phases);
        }
    }

    private BackfillRun() {
    }

    /** Backfills {@code [from, to)} of source {@link TickFile#SOURCE} from {@code lake}; see the class comment. */
    static Result run(Path home, Stack stack, Path lake, long from, long to, Path log, Path jfr) throws SQLException {
        Database db = stack.database();
        Map<String, Object[]> stream = snapshot(db, from, to);
        if (stream.isEmpty()) {
            throw new IllegalStateException("no streamed windows in [" + from + ", " + to + ") to compare the backfill with");
        }
        delete(db, from, to);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("COINPULSE_LAKE_PATH", lake.toUri().toString());
        env.put("COINPULSE_BACKFILL_FROM", Long.toString(from));
        env.put("COINPULSE_BACKFILL_TO", Long.toString(to));
        env.put("COINPULSE_BACKFILL_ANALYTICS", "true");
        SparkRun.Finished run = SparkRun.runToEnd(home, stack, "backfill", env, log, Duration.ofMinutes(15), jfr);
        Logged done = Logged.parse(run.log());
        if (done == null) {
            throw new IllegalStateException("the backfill logged no result line; see " + log);
        }
        Map<String, Object[]> batch = snapshot(db, from, to);
        int differing = 0;
        String first = null;
        for (Map.Entry<String, Object[]> e : stream.entrySet()) {
            String difference = difference(e.getValue(), batch.get(e.getKey()));
            if (difference != null) {
                differing++;
                first = first != null ? first : e.getKey() + ": " + difference;
            }
        }
        for (String key : batch.keySet()) {
            if (!stream.containsKey(key)) {
                differing++;
                first = first != null ? first : key + ": only in the backfill";
            }
        }
        return new Result(done.ticks(), done.windows(), done.seconds(), done.phases(), run.cpuSeconds(), stream.size(), differing,
                first);
    }

    /** Null when both rows hold the same values (within {@link #TOLERANCE}), else what differs first. */
    static String difference(Object[] stream, Object[] batch) {
        if (batch == null) {
            return "missing from the backfill";
        }
        for (int i = 0; i < METRICS.length; i++) {
            Object a = stream[i];
            Object b = batch[i];
            if (a == null || b == null) {
                if (!Objects.equals(a, b)) {
                    return METRICS[i] + " " + a + " vs " + b;
                }
                continue;
            }
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            if (Math.abs(x - y) > TOLERANCE * Math.max(Math.abs(x), Math.abs(y))) {
                return METRICS[i] + " " + a + " vs " + b;
            }
        }
        return null;
    }

    private static Map<String, Object[]> snapshot(Database db, long from, long to) throws SQLException {
        String sql = "SELECT asset, window_size, window_start, " + String.join(", ", METRICS)
                + " FROM window_metrics WHERE source = ? AND window_start >= ? AND window_start < ?";
        Map<String, Object[]> rows = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, TickFile.SOURCE);
            s.setLong(2, from);
            s.setLong(3, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Object[] values = new Object[METRICS.length];
                    for (int i = 0; i < METRICS.length; i++) {
                        values[i] = r.getObject(4 + i);
                    }
                    rows.put(r.getString(1) + "/" + r.getString(2) + "/" + r.getLong(3), values);
                }
            }
        }
        return rows;
    }

    private static void delete(Database db, long from, long to) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                PreparedStatement s = c.prepareStatement(
                        "DELETE FROM window_metrics WHERE source = ? AND window_start >= ? AND window_start < ?")) {
            s.setString(1, TickFile.SOURCE);
            s.setLong(2, from);
            s.setLong(3, to);
            s.executeUpdate();
        }
    }
}
