package io.coinpulse.spark.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import scala.Option;
import scala.Tuple3;
import scala.collection.JavaConverters;
import scala.collection.TraversableOnce;

/**
 * An in-memory stream of Kafka-like records (value, partition, offset) for streaming tests: each
 * {@link #add} is what one poll of the topic would bring, offsets counting up on partition 0.
 */
public final class TickStream {

    private static int nextId = 1;

    private final MemoryStream<Tuple3<String, Integer, Long>> stream;
    private long nextOffset;

    public TickStream() {
        synchronized (TickStream.class) {
            stream = new MemoryStream<>(nextId++, LocalSpark.session().sqlContext(), Option.empty(),
                    Encoders.tuple(Encoders.STRING(), Encoders.INT(), Encoders.LONG()));
        }
    }

    /** The streaming Dataset, with the Kafka source's column names. */
    public Dataset<Row> records() {
        return stream.toDF().toDF("value", "partition", "offset");
    }

    /** Appends JSON lines at the next offsets. */
    public void add(String... values) {
        List<Tuple3<String, Integer, Long>> rows = new ArrayList<>();
        for (String v : values) {
            rows.add(new Tuple3<>(v, 0, nextOffset++));
        }
        TraversableOnce<Tuple3<String, Integer, Long>> data = JavaConverters.asScalaBuffer(rows);
        stream.addData(data);
    }
}
