package io.coinpulse.ingest;

import io.coinpulse.devstack.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A real single-node KRaft broker (devstack) with data under {@code target/}, the topics created as
 * {@code ./coinpulse up} creates them, and {@code kafka.bootstrap.servers} pointing at it. Without init
 * arguments the replay source plays the sample dataset at max speed; init arguments are further
 * configuration that replaces those defaults. A test's {@link KafkaBroker} field gets the broker (to stop it).
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final Map<String, Integer> TOPICS = Map.of("crypto.ticks", 3, "crypto.ticks.dlq", 1);

    private final Map<String, String> config = new HashMap<>();
    private KafkaBroker broker;

    @Override
    public void init(Map<String, String> initArgs) {
        config.put("coinpulse.ingest.sources", "replay");
        config.put("coinpulse.ingest.replay.file", SampleDataset.file().toString());
        config.put("coinpulse.ingest.replay.speed", "max");
        config.putAll(initArgs);
    }

    @Override
    public Map<String, String> start() {
        String recording = config.get("coinpulse.ingest.record.file");
        if (recording != null) {
            try {
                Files.deleteIfExists(Path.of(recording)); // the recorder appends: start from nothing
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path dataDir = Path.of("target", "kafka-it", Long.toString(System.nanoTime())).toAbsolutePath();
        broker = KafkaBroker.start(dataDir);
        broker.createTopics(TOPICS);
        Map<String, String> all = new HashMap<>(config);
        all.put("kafka.bootstrap.servers", broker.bootstrapServers());
        return all;
    }

    /** Hands the broker to test fields of type {@link KafkaBroker} (outage tests stop and restart it). */
    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(broker, new TestInjector.MatchesType(KafkaBroker.class));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
