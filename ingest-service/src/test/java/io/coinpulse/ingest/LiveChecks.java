package io.coinpulse.ingest;

import static io.coinpulse.ingest.TopicReader.readAll;
import static io.coinpulse.ingest.Management.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Waiting for the live connectors of a running app: readiness checks, records on the topics, conditions. */
final class LiveChecks {

    static final Duration WAIT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveChecks() {
    }

    /** Every record of {@code topic} as JSON, once {@code done} accepts them (within {@link #WAIT}). */
    static List<JsonNode> awaitRecords(String topic, Predicate<List<JsonNode>> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<JsonNode> records = new ArrayList<>();
            for (ConsumerRecord<String, String> record : readAll(topic)) {
                try {
                    records.add(JSON.readTree(record.value()));
                } catch (Exception e) {
                    throw new AssertionError("not JSON on " + topic + ": " + record.value(), e);
                }
            }
            if (done.test(records)) {
                return records;
            }
            assertThat(System.nanoTime()).as("records on " + topic + " within " + WAIT + "; got " + records.size())
                    .isLessThan(deadline);
            sleep(250);
        }
    }

    static void awaitReady(List<String> sources) {
        for (String source : sources) {
            awaitCheck(source + " source", c -> c.get("status").textValue().equals("UP"));
        }
    }

    static JsonNode awaitCheck(String name, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode check = check(name);
            if (done.test(check)) {
                return check;
            }
            assertThat(System.nanoTime()).as(name + " within " + WAIT + ", last: " + check).isLessThan(deadline);
            sleep(100);
        }
    }

    /** The check called {@code name} in the {@code sources} health group. */
    static JsonNode check(String name) {
        JsonNode health;
        try {
            health = JSON.readTree(given().when().get("/q/health/group/sources").then().extract().asString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").textValue().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + WAIT).isLessThan(deadline);
            sleep(50);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
