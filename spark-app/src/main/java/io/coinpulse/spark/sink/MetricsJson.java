package io.coinpulse.spark.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.spark.sql.Row;

/**
 * The value of {@code crypto.metrics} (docs/CONTRACTS.md): a window's metrics in the camelCase of
 * the API's windows response, plus {@code source}, {@code asset}, {@code size} and {@code final};
 * {@code vwap} is {@code null} without trades.
 */
public final class MetricsJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsJson() {
    }

    /** A window row (the columns of {@code window_metrics}) as the JSON of one update. */
    public static String of(Row r, boolean isFinal) {
        ObjectNode n = JSON.createObjectNode();
        n.put("source", r.<String>getAs("source")).put("asset", r.<String>getAs("asset")).put("size", r.<String>getAs("window_size"))
                .put("windowStart", r.<Long>getAs("window_start")).put("windowEnd", r.<Long>getAs("window_end"))
                .put("open", r.<Double>getAs("open")).put("high", r.<Double>getAs("high")).put("low", r.<Double>getAs("low"))
                .put("close", r.<Double>getAs("close")).put("avgPrice", r.<Double>getAs("avg_price"))
                .put("vwap", r.<Double>getAs("vwap"))
                .put("volumeBase", r.<Double>getAs("volume_base")).put("volumeQuote", r.<Double>getAs("volume_quote"))
                .put("tickCount", r.<Long>getAs("tick_count")).put("tradeCount", r.<Long>getAs("trade_count"))
                .put("priceStddev", r.<Double>getAs("price_stddev")).put("pctChange", r.<Double>getAs("pct_change"))
                .put("final", isFinal);
        return n.toString();
    }

    /** The current row of a {@code SELECT * FROM window_metrics} result as the JSON of one update. */
    public static String fromRow(ResultSet rs, boolean isFinal) throws SQLException {
        ObjectNode n = JSON.createObjectNode();
        n.put("source", rs.getString("source")).put("asset", rs.getString("asset")).put("size", rs.getString("window_size"))
                .put("windowStart", rs.getLong("window_start")).put("windowEnd", rs.getLong("window_end"))
                .put("open", rs.getDouble("open")).put("high", rs.getDouble("high")).put("low", rs.getDouble("low"))
                .put("close", rs.getDouble("close")).put("avgPrice", rs.getDouble("avg_price"));
        double vwap = rs.getDouble("vwap");
        if (rs.wasNull()) {
            n.putNull("vwap");
        } else {
            n.put("vwap", vwap);
        }
        n.put("volumeBase", rs.getDouble("volume_base")).put("volumeQuote", rs.getDouble("volume_quote"))
                .put("tickCount", rs.getLong("tick_count")).put("tradeCount", rs.getLong("trade_count"))
                .put("priceStddev", rs.getDouble("price_stddev")).put("pctChange", rs.getDouble("pct_change"))
                .put("final", isFinal);
        return n.toString();
    }
}
