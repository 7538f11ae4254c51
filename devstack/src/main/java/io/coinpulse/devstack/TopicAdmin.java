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
 * Arguments: {@code bootstrap topic:partitions...}; the system property {@code coinpulse.kafka.client-config}
 * names a properties file of further client settings (the admin's SASL_SSL settings on a secure broker).
 */
public final class TopicAdmin {

    private TopicAdmin() {
    }

    public static void main(String[] args) throws InterruptedException, ExecutionException {
        Map<String, Object> config = new HashMap<>();
        String clientConfig = System.getProperty("coinpulse.kafka.client-config");
        if (clientConfig != null) {
            KafkaBroker.load(Path.of(clientConfig)).forEach((k, v) -> config.put((String) k, v));
        }
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> topics = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String[] spec = args[i].split(":");
                if (!existing.contains(spec[0])) {
                    topics.add(new NewTopic(spec[0], Integer.parseInt(spec[1]), (short) 1));
                }
            }
            admin.createTopics(topics).all().get();
            System.out.println("topics created: " + topics);
        }
    }
}
