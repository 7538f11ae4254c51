package io.coinpulse.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The SASL_SSL broker with the chart's KafkaUsers; the launcher's SecureKafkaTest runs the whole stack on it. */
class SecureKafkaBrokerTest {

    private static final Path USERS = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
            .resolve("k8s/base/kafka/users.yaml");

    @Test
    void usersOfTheManifestAuthenticateWithinTheirAclsAndStrangersAreRefused() throws Exception {
        Path dir = Path.of("target", "secure-kafka-" + System.currentTimeMillis()).toAbsolutePath();
        try (KafkaBroker broker = KafkaBroker.startSecure(dir, 0, USERS)) {
            assertThat(broker.users()).containsExactly("coinpulse-ingest", "coinpulse-query", "coinpulse-spark");
            assertThat(Files.readString(broker.truststore())).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("security/secrets.properties"))))
                    .isEqualTo("rw-------");
            broker.createTopics(Map.of("crypto.ticks", 3));

            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    producerConfig(broker, broker.clientConfig("coinpulse-ingest")))) {
                assertThat(producer.send(new ProducerRecord<>("crypto.ticks", "BTC", "{}")).get().offset())
                        .isGreaterThanOrEqualTo(0);
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    producerConfig(broker, broker.clientConfig("coinpulse-query")))) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("crypto.ticks", "BTC", "{}")).get())
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }

            Map<String, Object> wrong = new HashMap<>(admin(broker, broker.clientConfig("coinpulse-spark")));
            wrong.put("sasl.jaas.config", KafkaBroker.jaasConfig("coinpulse-spark", "not-the-password"));
            try (Admin admin = Admin.create(wrong)) {
                assertThatThrownBy(() -> admin.describeCluster().clusterId().get())
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
            }

            broker.stop();
            broker.restart();
            try (Admin admin = Admin.create(admin(broker, broker.adminClientConfig()))) {
                assertThat(admin.listTopics().names().get()).contains("crypto.ticks");
            }
        }
        // the same directory starts again as the same secure broker, users and passwords kept
        try (KafkaBroker again = KafkaBroker.startSecure(dir, 0, USERS)) {
            try (Admin admin = Admin.create(admin(again, again.clientConfig("coinpulse-spark")))) {
                assertThat(admin.describeCluster().clusterId().get()).isNotBlank();
            }
            assertThatThrownBy(() -> KafkaBroker.start(dir)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SASL_SSL");
        }
    }

    private static Map<String, Object> producerConfig(KafkaBroker broker, Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("key.serializer", StringSerializer.class.getName());
        config.put("value.serializer", StringSerializer.class.getName());
        config.put("max.block.ms", 20_000);
        config.put("delivery.timeout.ms", 20_000);
        config.put("request.timeout.ms", 10_000);
        return config;
    }

    private static Map<String, Object> admin(KafkaBroker broker, Map<String, String> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put("bootstrap.servers", broker.bootstrapServers());
        config.put("default.api.timeout.ms", 20_000);
        config.put("request.timeout.ms", 10_000);
        return config;
    }
}
