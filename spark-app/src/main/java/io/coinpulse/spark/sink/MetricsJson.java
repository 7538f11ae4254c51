package io.coinpulse.spark.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
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

    /** Window rows (columns of {@code window_metrics}) as Kafka records: {@code key} = asset, {@code value} = JSON. */
    public static Dataset<Row> records(Dataset<Row> windows, boolean isFinal) {
        Column value = struct(col("source"), col("asset"), col("window_size").as("size"),
                col("window_start").as("windowStart"), col("window_end").as("windowEnd"),
                col("open"), col("high"), col("low"), col("close"), col("avg_price").as("avgPrice"), col("vwap"),
                col("volume_base").as("volumeBase"), col("volume_quote").as("volumeQuote"),
                col("tick_count").as("tickCount"), col("trade_count").as("tradeCount"),
                col("price_stddev").as("priceStddev"), col("pct_change").as("pctChange"), lit(isFinal).as("final"));
        return windows.select(col("asset").as("key"), to_json(value, Map.of("ignoreNullFields", "false")).as("value"));
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
