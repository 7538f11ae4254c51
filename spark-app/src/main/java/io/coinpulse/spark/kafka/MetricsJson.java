package io.coinpulse.spark.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * The value of {@code crypto.metrics} (docs/CONTRACTS.md): a window's metrics in the camelCase of
 * the API's windows response, plus {@code source}, {@code asset}, {@code size} and {@code final};
 * {@code vwap} is {@code null} without trades. Written with Jackson's streaming generator: a tree
 * built and serialized per update was 5.7% of the job's CPU samples at 10,000 assets, where every
 * event is half a window update (docs/BENCHMARKS.md).
 */
public final class MetricsJson {

    private static final JsonFactory JSON = new JsonFactory();

    /** Field of the JSON and column of {@code window_metrics} it holds, in the order written. */
    private static final String[][] FIELDS = {
        {"source", "source"}, {"asset", "asset"}, {"size", "window_size"}, {"windowStart", "window_start"},
        {"windowEnd", "window_end"}, {"open", "open"}, {"high", "high"}, {"low", "low"}, {"close", "close"},
        {"avgPrice", "avg_price"}, {"vwap", "vwap"}, {"volumeBase", "volume_base"}, {"volumeQuote", "volume_quote"},
        {"tickCount", "tick_count"}, {"tradeCount", "trade_count"}, {"priceStddev", "price_stddev"},
        {"pctChange", "pct_change"}};

    /** A window's columns by name. */
    @FunctionalInterface
    private interface Columns {
        Object get(String column) throws SQLException;
    }

    private MetricsJson() {
    }

    /** A window row (the columns of {@code window_metrics}) as the JSON of one update. */
    public static String of(Row r, boolean isFinal) {
        try {
            return write(r::getAs, isFinal);
        } catch (SQLException e) {
            throw new IllegalStateException("not thrown by a Row", e);
        }
    }

    /** A window given by its columns' values (column name → value, as in {@code window_metrics}) as the JSON of one update. */
    public static String of(Function<String, Object> columns, boolean isFinal) {
        try {
            return write(columns::apply, isFinal);
        } catch (SQLException e) {
            throw new IllegalStateException("not thrown by a function", e);
        }
    }

    /** The current row of a {@code SELECT * FROM window_metrics} result as the JSON of one update. */
    public static String fromRow(ResultSet rs, boolean isFinal) throws SQLException {
        return write(rs::getObject, isFinal);
    }

    private static String write(Columns columns, boolean isFinal) throws SQLException {
        StringWriter out = new StringWriter(400);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (String[] field : FIELDS) {
                String name = field[0];
                Object value = columns.get(field[1]);
                if (value == null) {
                    g.writeNullField(name);
                } else if (value instanceof String text) {
                    g.writeStringField(name, text);
                } else if (value instanceof Double number) {
                    g.writeNumberField(name, number);
                } else if (value instanceof Long number) {
                    g.writeNumberField(name, number);
                } else {
                    throw new IllegalStateException("window_metrics." + field[1] + " is a " + value.getClass().getName());
                }
            }
            g.writeBooleanField("final", isFinal);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing a crypto.metrics value", e);
        }
        return out.toString();
    }
}
