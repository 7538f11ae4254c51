package io.coinpulse.devstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates topics with Kafka's Admin client. Runs inside a child JVM on the broker's classpath
 * (see {@link KafkaBroker#createTopics}), so Kafka 4 never lands on a caller's classpath.
 * Arguments: {@code bootstrap topic:partitions...}; the replication factor is the system property
 * {@value #REPLICATION_PROPERTY}; the system property {@code coinpulse.kafka.client-config}
 * names a properties file of further client settings (the admin's SASL_SSL settings on a secure broker).
 */
public final class TopicAdmin {

    /** System property: the replication factor of the topics created (default 1, a single broker). */
    static final String REPLICATION_PROPERTY = "coinpulse.kafka.replication-factor";

    private TopicAdmin() {
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        Map<String, Object> config = new HashMap<>();
        String clientConfig = System.getProperty("coinpulse.kafka.client-config");
        if (clientConfig != null) {
            KafkaFiles.load(Path.of(clientConfig)).forEach((k, v) -> config.put((String) k, v));
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        short replication = Short.parseShort(System.getProperty(REPLICATION_PROPERTY, "1"));
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> topics = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String[] spec = args[i].split(":");
                if (!existing.contains(spec[0])) {
                    topics.add(new NewTopic(spec[0], Integer.parseInt(spec[1]), replication));
                }
            }
            admin.createTopics(topics).all().get();
            System.out.println("topics created: " + topics);
        }
    }
}
