package io.coinpulse.ingest;

import static io.coinpulse.ingest.TopicReader.metrics;
import static io.coinpulse.ingest.TopicReader.readAll;
import static io.coinpulse.ingest.TopicReader.value;
import static io.coinpulse.ingest.Management.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coinpulse.ingest.source.synthetic.SyntheticMarket;
import io.coinpulse.ingest.tick.Tick;
import io.coinpulse.ingest.tick.TickResult;
import io.coinpulse.ingest.tick.TickValidator;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The synthetic source, wired in the running service with recording on: it publishes valid ticks with the
 * configured seed, and every frame it published is in the recording first.
 */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, initArgs = {
        @ResourceArg(name = "coinpulse.ingest.sources", value = "synthetic"),
        @ResourceArg(name = "coinpulse.ingest.synthetic.rate", value = "400"),
        @ResourceArg(name = "coinpulse.ingest.synthetic.assets", value = "8"),
        @ResourceArg(name = "coinpulse.ingest.synthetic.seed", value = "7"),
        @ResourceArg(name = "coinpulse.ingest.synthetic.history", value = "0s"),
        @ResourceArg(name = "coinpulse.ingest.record.file", value = SyntheticToKafkaTest.RECORDING)})
class SyntheticToKafkaTest {

    static final String RECORDING = "target/recordings/synthetic-it.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void publishesValidSeededTicksAndRecordsEveryFrameItPublishes() throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (value(metrics(), "coinpulse_ingest_ticks_published_total{source=\"synthetic\"}") < 400) {
            assertThat(System.nanoTime()).as("400 synthetic ticks published within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }

        List<ConsumerRecord<String, String>> records = readAll("crypto.ticks");
        assertThat(records).hasSizeGreaterThanOrEqualTo(400);
        Set<String> published = new HashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode value = JSON.readTree(record.value());
            assertThat(value.get("ingestTime").isIntegralNumber()).isTrue();
            TickResult result = TickValidator.validate(record.value());
            assertThat(result).as(record.value()).isInstanceOf(TickResult.Valid.class);
            Tick tick = ((TickResult.Valid) result).tick();
            assertThat(tick.source()).isEqualTo("synthetic");
            assertThat(record.key()).isEqualTo(tick.asset());
            published.add(tick.id());
        }
        assertThat(value(metrics(), "coinpulse_ingest_ticks_rejected_total{reason=\"malformed_json\",source=\"synthetic\"}"))
                .isZero();

        Thread.sleep(2_000); // the recording is flushed every second
        List<Tick> recorded = new ArrayList<>();
        String text = Files.readString(Path.of(RECORDING), StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n"); // whole lines only, even while the service is writing
        for (String line : text.split("\n")) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.get("source").textValue()).isEqualTo("synthetic");
            assertThat(node.get("receivedAt").isIntegralNumber()).isTrue();
            recorded.add(((TickResult.Valid) TickValidator.validate(node.get("frame").textValue())).tick());
        }
        assertThat(recorded.stream().map(Tick::id).toList()).containsAll(published);

        // the configured seed drives it: the same market, fed the same event times, gives the same ticks
        SyntheticMarket market = new SyntheticMarket(8, 7, 0.1);
        for (Tick tick : recorded) {
            assertThat(market.next(tick.eventTime())).isEqualTo(tick);
        }

        String body = given().when().get("/q/health/ready").then().extract().asString();
        assertThat(JSON.readTree(body).get("status").textValue()).as(body).isEqualTo("UP");
        JsonNode sources = JSON.readTree(given().when().get("/q/health/group/sources").then().statusCode(200)
                .extract().asString());
        JsonNode check = null;
        for (JsonNode c : sources.get("checks")) {
            if (c.get("name").textValue().equals("synthetic source")) {
                check = c;
            }
        }
        assertThat(check).isNotNull();
        assertThat(check.at("/data/state").textValue()).isEqualTo("running");
        assertThat(check.at("/data/detail").textValue()).isEqualTo("8 assets at 400.0 events/s, seed 7");
    }
}
