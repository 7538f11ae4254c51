package io.coinpulse.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Creates the SCRAM-SHA-512 users and ACLs of Strimzi {@code KafkaUser} manifests (the chart's
 * {@code k8s/base/kafka/users.yaml}) on a devstack broker, as the admin super user. A user without a
 * password in the secrets file gets a random one, written back there; its ACLs are replaced by those of
 * the manifest; then each user must be able to authenticate. Runs in a child JVM on the broker's
 * classpath (see {@link KafkaBroker}). Arguments: {@code bootstrap adminClientConfig secretsFile kafkaUsersYaml}.
 */
public final class SecurityAdmin {

    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(60);

    private SecurityAdmin() {
    }

    /** One ACL of a KafkaUser: resource type, name, pattern type and one operation. */
    record Acl(ResourceType type, String name, PatternType pattern, AclOperation operation, AclPermissionType permission,
            String host) {
    }

    public static void main(String[] args) throws Exception {
        Path adminConfig = Path.of(args[1]);
        Path secretsFile = Path.of(args[2]);
        Map<String, List<Acl>> users = readKafkaUsers(Path.of(args[3]));
        Properties secrets = KafkaFiles.load(secretsFile);
        for (String user : users.keySet()) {
            if (secrets.getProperty(KafkaBroker.userPasswordKey(user)) == null) {
                secrets.setProperty(KafkaBroker.userPasswordKey(user), KafkaBroker.randomPassword());
            }
        }
        KafkaFiles.writeSecret(secretsFile, secrets);

        Map<String, Object> config = new HashMap<>(toMap(KafkaFiles.load(adminConfig)));
        config.put("bootstrap.servers", args[0]);
        config.put("default.api.timeout.ms", 60_000);
        try (Admin admin = Admin.create(config)) {
            List<UserScramCredentialUpsertion> upserts = new ArrayList<>();
            for (String user : users.keySet()) {
                upserts.add(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                        secrets.getProperty(KafkaBroker.userPasswordKey(user))));
            }
            admin.alterUserScramCredentials(new ArrayList<>(upserts)).all().get();

            List<AclBindingFilter> stale = new ArrayList<>();
            List<AclBinding> acls = new ArrayList<>();
            users.forEach((user, list) -> {
                String principal = "User:" + user;
                stale.add(new AclBindingFilter(ResourcePatternFilter.ANY,
                        new AccessControlEntryFilter(principal, null, AclOperation.ANY, AclPermissionType.ANY)));
                for (Acl acl : list) {
                    acls.add(new AclBinding(new ResourcePattern(acl.type(), acl.name(), acl.pattern()),
                            new AccessControlEntry(principal, acl.host(), acl.operation(), acl.permission())));
                }
            });
            admin.deleteAcls(stale).all().get();
            admin.createAcls(acls).all().get();
            System.out.println("users " + users.keySet() + " with " + acls.size() + " ACLs");
        }
        for (String user : users.keySet()) {
            awaitAuthenticates(config, user, secrets.getProperty(KafkaBroker.userPasswordKey(user)));
        }
    }

    /** Retries until the user's credential has reached the broker's metadata. */
    private static void awaitAuthenticates(Map<String, Object> adminConfig, String user, String password)
            throws InterruptedException {
        Map<String, Object> config = new HashMap<>(adminConfig);
        config.put("sasl.jaas.config", KafkaBroker.jaasConfig(user, password));
        config.put("default.api.timeout.ms", 10_000);
        config.put("request.timeout.ms", 5_000);
        long deadline = System.nanoTime() + AUTH_TIMEOUT.toNanos();
        while (true) {
            try (Admin admin = Admin.create(config)) {
                admin.describeCluster().clusterId().get();
                System.out.println(user + " authenticates");
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(user + " cannot authenticate: " + e.getCause(), e);
                }
                Thread.sleep(500);
            }
        }
    }

    /** The users and ACLs of every {@code kind: KafkaUser} document of a Strimzi manifest. */
    static Map<String, List<Acl>> readKafkaUsers(Path yaml) throws IOException {
        Map<String, List<Acl>> users = new LinkedHashMap<>();
        YAMLMapper mapper = new YAMLMapper();
        try (MappingIterator<JsonNode> docs = mapper.readerFor(JsonNode.class).readValues(yaml.toFile())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || !"KafkaUser".equals(doc.path("kind").asText())) {
                    continue;
                }
                String name = doc.path("metadata").path("name").asText();
                if (!"scram-sha-512".equals(doc.path("spec").path("authentication").path("type").asText())) {
                    throw new IllegalArgumentException(yaml + ": KafkaUser " + name + " is not scram-sha-512");
                }
                List<Acl> acls = new ArrayList<>();
                for (JsonNode acl : doc.path("spec").path("authorization").path("acls")) {
                    JsonNode resource = acl.path("resource");
                    ResourceType type = resourceType(resource.path("type").asText());
                    String resourceName = type == ResourceType.CLUSTER ? "kafka-cluster" : resource.path("name").asText();
                    PatternType pattern = "prefix".equals(resource.path("patternType").asText("literal"))
                            ? PatternType.PREFIXED : PatternType.LITERAL;
                    AclPermissionType permission = "deny".equals(acl.path("type").asText("allow"))
                            ? AclPermissionType.DENY : AclPermissionType.ALLOW;
                    String host = acl.path("host").asText("*");
                    List<String> operations = new ArrayList<>();
                    acl.path("operations").forEach(o -> operations.add(o.asText()));
                    if (acl.hasNonNull("operation")) {
                        operations.add(acl.path("operation").asText());
                    }
                    for (String operation : operations) {
                        acls.add(new Acl(type, resourceName, pattern, operation(operation), permission, host));
                    }
                }
                users.put(name, acls);
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException(yaml + " holds no KafkaUser");
        }
        return users;
    }

    private static ResourceType resourceType(String strimzi) {
        return switch (strimzi) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "cluster" -> ResourceType.CLUSTER;
            case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
            default -> throw new IllegalArgumentException("unknown KafkaUser resource type " + strimzi);
        };
    }

    /** Strimzi's {@code IdempotentWrite} is Kafka's {@code IDEMPOTENT_WRITE}. */
    private static AclOperation operation(String strimzi) {
        String upper = strimzi.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
        AclOperation op = AclOperation.fromString(upper);
        if (op == AclOperation.UNKNOWN) {
            throw new IllegalArgumentException("unknown KafkaUser ACL operation " + strimzi);
        }
        return op;
    }

    private static Map<String, Object> toMap(Properties p) {
        Map<String, Object> out = new HashMap<>();
        p.forEach((k, v) -> out.put((String) k, v));
        return out;
    }
}
