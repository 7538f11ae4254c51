package io.coinpulse.spark.sink;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.StreamExecution;
import org.apache.spark.sql.execution.streaming.StreamingQueryWrapper;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * The finality step of one window query, run in each micro-batch after its windows are written:
 * every window of the size whose end the batch's watermark has reached becomes final, its final
 * state published ({@code "final":true}) before it is marked. Spark drops every record behind that
 * watermark, so no later batch writes such a window again; a replayed batch finds them final already
 * and publishes nothing twice. Runs in the no-data batch Spark adds when only the watermark moved, so
 * the last windows close without new data.
 */
final class Finality {

    private final WindowMetricsRepository repository;
    private final String windowSize;
    private final Consumer<List<Map.Entry<String, String>>> publish;
    private long finalUpTo;

    /**
     * @param publish receives the windows becoming final as {@code crypto.metrics} JSON keyed by asset, or null
     */
    Finality(WindowMetricsRepository repository, String windowSize, Consumer<List<Map.Entry<String, String>>> publish) {
        this.repository = repository;
        this.windowSize = windowSize;
        this.publish = publish;
    }

    /** Marks final what {@code watermarkMs} has passed since the last call; returns how many windows became final. */
    int advance(long watermarkMs) throws SQLException {
        if (watermarkMs <= 0 || watermarkMs <= finalUpTo) {
            return 0;
        }
        int n = repository.markFinal(windowSize, watermarkMs, publish);
        finalUpTo = watermarkMs;
        return n;
    }

    /**
     * The watermark of the micro-batch running on the calling thread (a {@code foreachBatch} function
     * runs on its query's thread), 0 outside a query or before the first watermark. Spark passes a
     * batch's watermark to its sink only inside its own plan, so it is read from the query's
     * execution, where Spark keeps the batch's offsets metadata.
     *
     * @param spark the session that started the query (a batch's own session is a clone without the query)
     */
    static long currentWatermark(SparkSession spark) {
        String id = spark.sparkContext().getLocalProperty(StreamExecution.QUERY_ID_KEY());
        StreamingQuery query = id == null ? null : spark.streams().get(UUID.fromString(id));
        if (query instanceof StreamingQueryWrapper wrapper) {
            return wrapper.streamingQuery().offsetSeqMetadata().batchWatermarkMs();
        }
        return 0;
    }
}
