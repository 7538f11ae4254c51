package io.coinpulse.query.live;

import io.coinpulse.query.config.QueryConfig;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps the live stream gapless across rebalances. The consumer commits no offsets (its group is
 * its own and lives as long as the instance), so after a rebalance Kafka would restart a partition
 * at its end ({@code auto.offset.reset=latest}) and skip what arrived meanwhile: instead, a
 * partition the stream has read before resumes just after its last record. Also records which
 * partitions are assigned, for the {@code live} health group.
 */
@ApplicationScoped
@Identifier(LiveRebalanceListener.NAME)
public class LiveRebalanceListener implements KafkaConsumerRebalanceListener {

    /** The name application.properties gives the channel's {@code consumer-rebalance-listener.name}. */
    public static final String NAME = "live-stream";

    private final LiveStream stream;
    private final String metricsTopic;
    private final String alertsTopic;
    private final Set<String> assigned = new TreeSet<>();

    public LiveRebalanceListener(LiveStream stream, QueryConfig config) {
        this.stream = stream;
        this.metricsTopic = config.stream().metricsTopic();
        this.alertsTopic = config.stream().alertsTopic();
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            String key = key(tp);
            OptionalLong last = stream.lastOffset(key);
            if (last.isPresent()) {
                consumer.seek(tp, last.getAsLong() + 1);
                Log.infof("live stream resumes %s at offset %d", tp, last.getAsLong() + 1);
            } else {
                // fix the starting point now rather than at the next fetch, so that a record published
                // once the partition shows as assigned (see LiveStreamHealthCheck) is never skipped
                consumer.seekToEnd(java.util.List.of(tp));
                consumer.position(tp);
            }
        }
        synchronized (assigned) {
            partitions.forEach(tp -> assigned.add(key(tp)));
        }
        Log.infof("live stream reads %s", partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        synchronized (assigned) {
            partitions.forEach(tp -> assigned.remove(key(tp)));
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        onPartitionsRevoked(consumer, partitions);
    }

    /** The partitions the stream reads now, as partition keys ({@code m0}, {@code a0}). */
    public Set<String> assigned() {
        synchronized (assigned) {
            return Set.copyOf(assigned);
        }
    }

    private String key(TopicPartition tp) {
        if (tp.topic().equals(metricsTopic)) {
            return StreamPosition.key(true, tp.partition());
        }
        if (tp.topic().equals(alertsTopic)) {
            return StreamPosition.key(false, tp.partition());
        }
        return tp.toString();
    }
}
