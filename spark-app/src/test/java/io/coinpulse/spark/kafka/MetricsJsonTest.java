package io.coinpulse.spark.kafka;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.spark.testing.LocalSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The JSON of {@code crypto.metrics}, written per row on an executor, is what Spark's own {@code to_json} made of the row. */
class MetricsJsonTest {

    private static final long T0 = 1_772_323_200_000L;

    @Test
    void eachRowIsTheJsonSparksToJsonMadeOfIt() {
        Dataset<Row> windows = LocalSpark.session().createDataFrame(List.of(
                RowFactory.create("binance", "BTC", "1m", T0, T0 + 60_000, 67_000.5, 67_010.25, 66_990.0, 67_001.0, 67_000.4375,
                        12L, 12L, 0.1 + 0.2, 20_100.012345678901, 67_000.04115, 5.25, 7.462686567164179E-4),
                // a window of quotes only: no trades, no VWAP; tiny and huge numbers in exponent notation
                RowFactory.create("coinbase", "SHIB", "5m", T0, T0 + 300_000, 1.0E-5, 1.2E-5, 9.0E-6, 1.1E-5, 1.05E-5,
                        3L, 0L, 0.0, 0.0, null, 1.2472191289246473E-6, 0.09999999999999991),
                RowFactory.create("kraken", "ETH", "1h", T0, T0 + 3_600_000, 3_500.0, 3_500.0, 3_500.0, 3_500.0, 3_500.0,
                        1L, 1L, 1.0E7, 3.5E10, 3_500.0, 0.0, -0.0)), LocalSpark.WINDOW_ROW);
        Column value = struct(col("source"), col("asset"), col("window_size").as("size"),
                col("window_start").as("windowStart"), col("window_end").as("windowEnd"),
                col("open"), col("high"), col("low"), col("close"), col("avg_price").as("avgPrice"), col("vwap"),
                col("volume_base").as("volumeBase"), col("volume_quote").as("volumeQuote"),
                col("tick_count").as("tickCount"), col("trade_count").as("tradeCount"),
                col("price_stddev").as("priceStddev"), col("pct_change").as("pctChange"), lit(false).as("final"));
        List<String> sparks = windows.select(to_json(value, Map.of("ignoreNullFields", "false"))).as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();

        List<String> ours = windows.collectAsList().stream().map(r -> MetricsJson.of(r, false)).toList();

        assertThat(ours).containsExactlyElementsOf(sparks);
        assertThat(ours.get(1)).contains("\"vwap\":null").contains("\"open\":1.0E-5").endsWith("\"final\":false}");
        assertThat(MetricsJson.of(windows.collectAsList().get(0), true)).endsWith("\"final\":true}");
    }
}
