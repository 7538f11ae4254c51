package io.coinpulse.spark.transform;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Kafka records of {@code crypto.ticks} to typed ticks. The value is parsed with the explicit
 * schema of SPEC §3 ({@code from_json}); every SPEC §3 rule the metrics depend on is checked
 * again here, so a record that slipped past ingest can neither break a metric nor poison the
 * sink: such records get a reason (the DLQ reason codes of docs/CONTRACTS.md) and are counted,
 * not aggregated.
 *
 * <p>Input columns: {@code value} (binary or string), {@code partition}, {@code offset} — the
 * Kafka source's. The topic position is kept as the arrival-order key.
 */
public final class TickParser {
    // Spark-only reason beyond docs/CONTRACTS.md: invalid_source, a source longer than the 32
    // characters of window_metrics.source; and invalid_size covers a price * size that overflows.

    /** Receives the raw text of a record {@code from_json} cannot read. */
    private static final String CORRUPT = "_corrupt_record";

    /** The canonical tick of SPEC §3; unknown fields are ignored. */
    public static final StructType TICK_SCHEMA = new StructType()
            .add("source", DataTypes.StringType)
            .add("kind", DataTypes.StringType)
            .add("asset", DataTypes.StringType)
            .add("quote", DataTypes.StringType)
            .add("price", DataTypes.DoubleType)
            .add("size", DataTypes.DoubleType)
            .add("volume24h", DataTypes.DoubleType)
            .add("marketCap", DataTypes.DoubleType)
            .add("eventTime", DataTypes.LongType)
            .add("ingestTime", DataTypes.LongType)
            .add("id", DataTypes.StringType)
            .add(CORRUPT, DataTypes.StringType);

    /** Reason codes a record can be rejected with, in the order they are checked. */
    public static final List<String> REASONS = List.of("malformed_json", "missing_source", "invalid_source",
            "invalid_kind", "invalid_asset", "invalid_price", "invalid_size", "invalid_event_time", "missing_id");

    /** Name of the observed metrics that count rejected records per reason, see {@link #observeRejected}. */
    public static final String REJECTED_METRICS = "rejected_ticks";

    /** The column holding the reason a record is rejected, null for a valid tick. */
    public static final String REJECT_REASON = "reject_reason";

    private static final String ASSET_PATTERN = "^[A-Z0-9]{1,20}$";
    /** Width of {@code window_metrics.source}. */
    private static final int SOURCE_MAX = 32;

    private TickParser() {
    }

    /**
     * Valid ticks only: {@code source, kind, asset, quote, price, size, event_time} (timestamp, UTC),
     * {@code event_time_ms, id, kafka_partition, kafka_offset}.
     */
    public static Dataset<Row> parse(Dataset<Row> kafkaRecords) {
        return validate(kafkaRecords).where(col(REJECT_REASON).isNull()).drop(REJECT_REASON);
    }

    /**
     * Every record with its parsed fields as in {@link #parse} and {@value #REJECT_REASON}: null for a
     * valid tick, else the first rule it breaks.
     */
    public static Dataset<Row> validate(Dataset<Row> kafkaRecords) {
        Column tick = from_json(col("value").cast(DataTypes.StringType), TICK_SCHEMA,
                Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT));
        Dataset<Row> parsed = kafkaRecords.select(tick.as("t"), col("partition").as("kafka_partition"),
                col("offset").as("kafka_offset"));
        Column price = col("t.price");
        Column size = col("t.size");
        Column reason = when(col("t").isNull().or(col("t." + CORRUPT).isNotNull()), lit("malformed_json"))
                .when(col("t.source").isNull().or(length(col("t.source")).equalTo(0)), lit("missing_source"))
                .when(length(col("t.source")).gt(SOURCE_MAX), lit("invalid_source"))
                .when(col("t.kind").isNull().or(not(col("t.kind").isin("trade", "quote"))), lit("invalid_kind"))
                .when(col("t.asset").isNull().or(not(col("t.asset").rlike(ASSET_PATTERN))), lit("invalid_asset"))
                .when(not(positiveFinite(price)), lit("invalid_price"))
                .when(col("t.kind").equalTo("trade").and(not(positiveFinite(size)).or(not(positiveFinite(price.multiply(size))))),
                        lit("invalid_size"))
                .when(col("t.eventTime").isNull(), lit("invalid_event_time"))
                .when(col("t.id").isNull().or(length(col("t.id")).equalTo(0)), lit("missing_id"));
        return parsed.select(
                col("t.source").as("source"),
                col("t.kind").as("kind"),
                col("t.asset").as("asset"),
                col("t.quote").as("quote"),
                price.as("price"),
                // a quote has no size; one that carries one anyway must not count as volume
                when(col("t.kind").equalTo("trade"), size).as("size"),
                timestamp_millis(col("t.eventTime")).as("event_time"),
                col("t.eventTime").as("event_time_ms"),
                col("t.ingestTime").as("ingest_time_ms"),
                col("t.volume24h").as("volume_24h"),
                col("t.marketCap").as("market_cap"),
                col("t.id").as("id"),
                col("kafka_partition"),
                col("kafka_offset"),
                reason.as(REJECT_REASON));
    }

    /**
     * Counts rejected records per reason as observed metrics named {@value #REJECTED_METRICS}
     * (reported in each micro-batch's progress), then keeps only the valid ticks.
     */
    public static Dataset<Row> observeRejected(Dataset<Row> validated) {
        Column first = sum(when(col(REJECT_REASON).equalTo(REASONS.get(0)), 1).otherwise(0)).as(REASONS.get(0));
        Column[] rest = REASONS.subList(1, REASONS.size()).stream()
                .map(r -> sum(when(col(REJECT_REASON).equalTo(r), 1).otherwise(0)).as(r))
                .toArray(Column[]::new);
        return validated.observe(REJECTED_METRICS, first, rest)
                .where(col(REJECT_REASON).isNull()).drop(REJECT_REASON);
    }

    private static Column positiveFinite(Column c) {
        // NaN > 0 is true in Spark SQL: test NaN and infinity explicitly
        return c.isNotNull().and(not(isnan(c)))
                .and(c.gt(0)).and(c.lt(Double.POSITIVE_INFINITY));
    }
}
