package io.coinpulse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The figures of a running stack that {@code status} shows, read from outside as a user would: the
 * topics' end offsets, the Spark job's checkpointed offsets, the query API.
 */
final class PipelineFigures implements AutoCloseable {

    static final String TICKS = "crypto.ticks";
    static final String DLQ = "crypto.ticks.dlq";

    private final StackRecord stack;
    private Admin admin;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    PipelineFigures(StackRecord stack) {
        this.stack = stack;
    }

    /** The broker's admin client, made on first use; null on a secure broker (its credentials stay with the stack). */
    private Admin admin() {
        if (admin == null && !stack.kafkaSecure()) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
        }
        return admin;
    }

    /** Records on a topic so far (the sum of its partitions' end offsets), empty on a secure broker or on error. */
    OptionalLong records(String topic) {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        return ends == null ? OptionalLong.empty() : OptionalLong.of(ends.values().stream().mapToLong(Long::longValue).sum());
    }

    Map<TopicPartition, Long> endOffsets(String topic) {
        Admin admin = admin();
        if (admin == null) {
            return null;
        }
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, Long> out = new java.util.HashMap<>();
            admin.listOffsets(latest).all().get().forEach((p, info) -> out.put(p, info.offset()));
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return null;
        }
    }

    /**
     * Records of {@code crypto.ticks} the Spark job has not planned into a micro-batch yet: the topic's end
     * offsets minus the offsets of the newest batch in each checkpoint reading it, the largest over them.
     */
    OptionalLong consumerLag() {
        Map<TopicPartition, Long> ends = endOffsets(TICKS);
        if (ends == null || !stack.checkpoints().startsWith("file:")) {
            return OptionalLong.empty();
        }
        long end = ends.values().stream().mapToLong(Long::longValue).sum();
        Path root = Path.of(URI.create(stack.checkpoints()));
        if (!Files.isDirectory(root)) {
            return OptionalLong.empty();
        }
        try (Stream<Path> queries = Files.list(root)) {
            return queries.map(q -> q.resolve("offsets")).filter(Files::isDirectory)
                    .map(this::newestTicksOffset).filter(OptionalLong::isPresent)
                    .mapToLong(o -> Math.max(0, end - o.getAsLong())).max();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The sum of {@code crypto.ticks}' offsets in the newest batch of a Spark offsets log. */
    private OptionalLong newestTicksOffset(Path offsetsDir) {
        try (Stream<Path> batches = Files.list(offsetsDir)) {
            Path newest = batches.filter(f -> f.getFileName().toString().matches("\\d+"))
                    .max(java.util.Comparator.comparingLong(f -> Long.parseLong(f.getFileName().toString())))
                    .orElse(null);
            if (newest == null) {
                return OptionalLong.empty();
            }
            // line 1 the log's version, line 2 the batch's metadata, then one line per source
            for (String line : Files.readAllLines(newest)) {
                if (line.startsWith("{")) {
                    JsonNode offsets = json.readTree(line).path(TICKS);
                    if (offsets.isObject()) {
                        long sum = 0;
                        for (JsonNode offset : offsets) {
                            sum += offset.asLong();
                        }
                        return OptionalLong.of(sum);
                    }
                }
            }
            return OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** When the Spark job last wrote a window (epoch ms, the newest over all assets), empty when none yet. */
    OptionalLong newestWindowUpdate() {
        return newestOverAssets("lastUpdate");
    }

    /** The start of the newest 1m window of any asset (epoch ms), empty when none yet. */
    OptionalLong newestWindowStart() {
        return newestOverAssets("windowStart");
    }

    /** The largest value of a field of the API's asset listing. */
    private OptionalLong newestOverAssets(String field) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(stack.queryUrl() + "/api/v1/assets?limit=1000")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return OptionalLong.empty();
            }
            OptionalLong newest = OptionalLong.empty();
            for (JsonNode asset : json.readTree(response.body()).path("assets")) {
                long updated = asset.path(field).asLong();
                if (newest.isEmpty() || updated > newest.getAsLong()) {
                    newest = OptionalLong.of(updated);
                }
            }
            return newest;
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
