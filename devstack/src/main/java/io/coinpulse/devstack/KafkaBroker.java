package io.coinpulse.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real single-node KRaft Kafka broker: Apache Kafka's own {@code kafka.Kafka} in a child JVM
 * (combined broker + controller), storage formatted on first start. Its data directory keeps the
 * ports and the cluster id, so a broker stopped and started again on the same directory comes
 * back with its topics and offsets.
 *
 * <p>{@link #startSecure} gives it the chart's security instead of PLAINTEXT: the client listener is
 * SASL_SSL with SCRAM-SHA-512, its certificate (for 127.0.0.1 and localhost) signed by a CA generated at
 * first start, whose PEM certificate is the clients' trust store ({@link #truststore()}, like Strimzi's
 * {@code ca.crt}); {@code StandardAuthorizer} denies what no ACL allows; {@value #ADMIN_USER} is the super
 * user devstack itself uses; the users and ACLs come from Strimzi {@code KafkaUser} manifests. Passwords
 * are random, kept in {@code <dataDir>/security/secrets.properties} (owner-only) and never logged. The
 * controller listener stays PLAINTEXT on 127.0.0.1, where the broker reaches it as {@code ANONYMOUS}.
 */
public final class KafkaBroker extends KafkaProcess implements AutoCloseable {

    /** The super user of a secure broker: devstack's own topic and ACL administration. */
    public static final String ADMIN_USER = "coinpulse-admin";

    /**
     * The broker JVM's heap and collector when the caller gives none (tests); the launcher passes the stack's
     * own figure. The heap holds only the requests in flight: the page cache holds the data.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xms128m", "-Xmx384m", "-XX:+UseG1GC");

    static final String ADMIN_PASSWORD_KEY = "admin.password";

    private static final String KEYSTORE_PASSWORD_KEY = "keystore.password";
    private static final String SECURE = "SASL_SSL";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final boolean secure;
    private final String classpath;
    private final List<String> jvmOptions;

    private KafkaBroker(Path dataDir, int port, int controllerPort, boolean secure, List<String> jvmOptions) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.secure = secure;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classpath = KafkaFiles.brokerClasspath();
    }

    /** Starts a broker on a free port with its data under {@code dataDir}. */
    public static KafkaBroker start(Path dataDir) {
        return start(dataDir, 0);
    }

    /**
     * Starts a broker on {@code port} (0: a free one; a data directory used before keeps its
     * ports) with its data under {@code dataDir}.
     */
    public static KafkaBroker start(Path dataDir, int port) {
        return start(dataDir, port, DEFAULT_JVM_OPTIONS);
    }

    /**
     * Starts a broker as {@link #start(Path, int)} does, its JVM with {@code jvmOptions} (heap, collector)
     * instead of {@link #DEFAULT_JVM_OPTIONS}.
     */
    public static KafkaBroker start(Path dataDir, int port, List<String> jvmOptions) {
        return start(dataDir, port, null, jvmOptions);
    }

    /**
     * Starts a broker whose client listener is SASL_SSL (SCRAM-SHA-512) with authorization, on
     * {@code port} (0: a free one) with its data under {@code dataDir}; on every start the users and
     * ACLs of the {@code KafkaUser} documents in {@code kafkaUsers} (e.g. the chart's
     * {@code k8s/base/kafka/users.yaml}) are applied, a new user getting a random password.
     */
    public static KafkaBroker startSecure(Path dataDir, int port, Path kafkaUsers) {
        return startSecure(dataDir, port, kafkaUsers, DEFAULT_JVM_OPTIONS);
    }

    /** Starts a secure broker as {@link #startSecure(Path, int, Path)} does, its JVM with {@code jvmOptions}. */
    public static KafkaBroker startSecure(Path dataDir, int port, Path kafkaUsers, List<String> jvmOptions) {
        if (!Files.isRegularFile(kafkaUsers)) {
            throw new IllegalArgumentException("no KafkaUser manifest at " + kafkaUsers);
        }
        return start(dataDir, port, kafkaUsers, jvmOptions);
    }

    private static KafkaBroker start(Path dataDir, int port, Path kafkaUsers, List<String> jvmOptions) {
        boolean secure = kafkaUsers != null;
        Path config = dataDir.resolve("server.properties");
        KafkaBroker broker;
        if (Files.exists(config)) {
            Properties existing = KafkaFiles.load(config);
            boolean wasSecure = SECURE.equals(existing.getProperty("coinpulse.security"));
            if (wasSecure != secure) {
                throw new IllegalStateException(dataDir + " holds a " + (wasSecure ? SECURE : "PLAINTEXT")
                        + " broker; start it the same way or use another data directory");
            }
            broker = new KafkaBroker(dataDir, Integer.parseInt(existing.getProperty("coinpulse.port")),
                    Integer.parseInt(existing.getProperty("coinpulse.controller.port")), secure, jvmOptions);
        } else {
            broker = new KafkaBroker(dataDir, port == 0 ? Ports.free() : port, Ports.free(), secure, jvmOptions);
            if (secure) {
                broker.initSecurity();
            }
            broker.writeConfig(config);
        }
        broker.formatIfNeeded(config);
        broker.launch();
        if (secure) {
            try {
                broker.applyUsers(kafkaUsers);
            } catch (RuntimeException e) {
                broker.stop();
                throw e;
            }
        }
        return broker;
    }

    /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Whether the client listener is SASL_SSL with SCRAM-SHA-512 and ACLs ({@link #startSecure}). */
    public boolean isSecure() {
        return secure;
    }

    /** The PEM certificate of the CA that signed the broker's certificate: the clients' trust store. */
    public Path truststore() {
        requireSecure();
        return securityDir().resolve("ca.crt");
    }

    /** The SCRAM users of the KafkaUser manifest (without the admin), in its order. */
    public List<String> users() {
        requireSecure();
        List<String> users = new ArrayList<>();
        for (String key : secrets().stringPropertyNames()) {
            if (key.startsWith("user.") && key.endsWith(".password")) {
                users.add(key.substring("user.".length(), key.length() - ".password".length()));
            }
        }
        java.util.Collections.sort(users);
        return users;
    }

    /**
     * The Kafka client settings (without {@code bootstrap.servers}) with which {@code user} of the
     * KafkaUser manifest connects: {@code security.protocol}, {@code sasl.mechanism},
     * {@code sasl.jaas.config} (its password), {@code ssl.truststore.type} PEM and
     * {@code ssl.truststore.location}; empty on a PLAINTEXT broker.
     */
    public Map<String, String> clientConfig(String user) {
        if (!secure) {
            return Map.of();
        }
        String password = secrets().getProperty(userPasswordKey(user));
        if (password == null) {
            throw new IllegalArgumentException("no Kafka user " + user + "; the users are " + users());
        }
        return clientConfig(user, password);
    }

    /** The client settings of the super user {@value #ADMIN_USER}; empty on a PLAINTEXT broker. */
    public Map<String, String> adminClientConfig() {
        return secure ? clientConfig(ADMIN_USER, secrets().getProperty(ADMIN_PASSWORD_KEY)) : Map.of();
    }

    private Map<String, String> clientConfig(String user, String password) {
        Map<String, String> config = new java.util.LinkedHashMap<>();
        config.put("security.protocol", SECURE);
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put("sasl.jaas.config", jaasConfig(user, password));
        config.put("ssl.truststore.type", "PEM");
        config.put("ssl.truststore.location", truststore().toString());
        return config;
    }

    /** The JAAS line of a SCRAM user, as Strimzi writes it into the user's Secret. */
    static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /**
     * Creates each topic with the given partition count (replication factor 1) unless it exists.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        createTopics(classpath, dataDir, bootstrapServers(), 1, partitionsByTopic,
                secure ? securityDir().resolve("admin-client.properties") : null);
    }

    /**
     * Runs {@link TopicAdmin} in a child JVM on the broker's classpath: each topic with its partition
     * count at {@code replication} unless it exists; {@code clientConfig} (may be null) holds the admin's
     * client settings. Its log is {@code <dir>/topics.log}.
     */
    static void createTopics(String classpath, Path dir, String bootstrapServers, int replication,
            Map<String, Integer> partitionsByTopic, Path clientConfig) {
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaExecutable(), "-Xmx128m",
                "-Dlog4j2.configurationFile=" + KafkaFiles.log4jConfig(dir).toUri(),
                "-D" + TopicAdmin.REPLICATION_PROPERTY + "=" + replication));
        if (clientConfig != null) {
            command.add("-Dcoinpulse.kafka.client-config=" + clientConfig);
        }
        command.addAll(List.of("-cp", JavaProcess.classpath(List.of(classpath, KafkaFiles.ownLocation())),
                TopicAdmin.class.getName(), bootstrapServers));
        partitionsByTopic.forEach((topic, partitions) -> command.add(topic + ":" + partitions));
        JavaProcess.run("kafka-topics", command, dir.resolve("topics.log"), 120);
    }

    /** Starts the broker again after {@link #stop()} or {@link #kill()}, same ports, same data. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("broker is running");
        }
        launch();
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        List<String> jvm = new ArrayList<>(jvmOptions);
        jvm.addAll(List.of("-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + log4jConfig().toUri()));
        // 2 malloc arenas instead of 8 per core
        process = JavaProcess.start("kafka", jvm, classpath, "kafka.Kafka", List.of(dataDir.resolve("server.properties").toString()),
                Map.of("MALLOC_ARENA_MAX", "2"), dataDir.resolve("broker.log"));
        Ports.awaitListening(port, process.process(), Duration.ofSeconds(90), "Kafka broker");
    }

    private void writeConfig(Path config) {
        // one broker: every internal topic at replication factor 1
        Properties p = KafkaFiles.serverProperties(1, "1@127.0.0.1:" + controllerPort, secure ? SECURE : "PLAINTEXT", port,
                controllerPort, dataDir.resolve("logs"), 1, 1);
        if (secure) {
            Properties secrets = secrets();
            p.setProperty("coinpulse.security", SECURE);
            p.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            p.setProperty("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
            p.setProperty("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    jaasConfig(ADMIN_USER, secrets.getProperty(ADMIN_PASSWORD_KEY)));
            p.setProperty("ssl.keystore.type", "PKCS12");
            p.setProperty("ssl.keystore.location", securityDir().resolve("broker.p12").toString());
            p.setProperty("ssl.keystore.password", secrets.getProperty(KEYSTORE_PASSWORD_KEY));
            // the broker is its own inter-broker client: it trusts the same CA
            p.setProperty("ssl.truststore.type", "PEM");
            p.setProperty("ssl.truststore.location", securityDir().resolve("ca.crt").toString());
            p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // ANONYMOUS: the broker's principal on the PLAINTEXT controller listener (127.0.0.1 only)
            p.setProperty("super.users", "User:" + ADMIN_USER + ";User:ANONYMOUS");
            p.setProperty("allow.everyone.if.no.acl.found", "false");
        }
        p.setProperty("coinpulse.port", Integer.toString(port));
        p.setProperty("coinpulse.controller.port", Integer.toString(controllerPort));
        // owner-only: on a secure broker it holds the keystore and admin passwords
        KafkaFiles.writeSecret(config, p);
    }

    private Path securityDir() {
        return dataDir.resolve("security");
    }

    private Properties secrets() {
        return KafkaFiles.load(securityDir().resolve("secrets.properties"));
    }

    private void requireSecure() {
        if (!secure) {
            throw new IllegalStateException("a PLAINTEXT broker has no users nor trust store");
        }
    }

    /**
     * First start of a secure broker: random admin and keystore passwords, a CA and the broker's
     * certificate for 127.0.0.1/localhost signed by it (the JDK's keytool, passwords through the
     * environment), the CA's PEM certificate for clients and the admin's client settings.
     */
    private void initSecurity() {
        Path dir = securityDir();
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties secrets = new Properties();
        secrets.setProperty(ADMIN_PASSWORD_KEY, randomPassword());
        secrets.setProperty(KEYSTORE_PASSWORD_KEY, randomPassword());
        KafkaFiles.writeSecret(dir.resolve("secrets.properties"), secrets);

        BrokerCertificates.generate(dir, secrets.getProperty(KEYSTORE_PASSWORD_KEY));
        Properties admin = new Properties();
        adminClientConfig().forEach(admin::setProperty);
        KafkaFiles.writeSecret(dir.resolve("admin-client.properties"), admin);
    }

    /** Creates the manifest's users (passwords new ones only) and replaces their ACLs; as the admin. */
    private void applyUsers(Path kafkaUsers) {
        JavaProcess.run("kafka-users", List.of(JavaProcess.javaExecutable(), "-Xmx128m",
                "-Dlog4j2.configurationFile=" + log4jConfig().toUri(),
                "-cp", JavaProcess.classpath(List.of(classpath, KafkaFiles.ownLocation())),
                SecurityAdmin.class.getName(), bootstrapServers(), securityDir().resolve("admin-client.properties").toString(),
                securityDir().resolve("secrets.properties").toString(), kafkaUsers.toAbsolutePath().toString()),
                dataDir.resolve("users.log"), 180);
    }

    static String userPasswordKey(String user) {
        return "user." + user + ".password";
    }

    /** 32 random URL-safe characters (192 bits). */
    static String randomPassword() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private void formatIfNeeded(Path config) {
        if (Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            return;
        }
        String clusterId = KafkaFiles.newClusterId();
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaExecutable(), "-Xmx256m",
                "-Dlog4j2.configurationFile=" + log4jConfig().toUri()));
        if (secure) {
            // the admin's SCRAM credential, added by StorageFormat from the secrets file
            command.addAll(List.of("-cp", JavaProcess.classpath(List.of(classpath, KafkaFiles.ownLocation())),
                    StorageFormat.class.getName(), securityDir().resolve("secrets.properties").toString()));
        } else {
            command.addAll(List.of("-cp", classpath, "kafka.tools.StorageTool"));
        }
        // "=" form: a base64 cluster id may start with '-', which argparse would take for an option
        command.addAll(List.of("format", "--cluster-id=" + clusterId, "--config=" + config, "--ignore-formatted"));
        JavaProcess.run("kafka-storage-format", command, dataDir.resolve("format.log"), 120);
    }

    private Path log4jConfig() {
        return KafkaFiles.log4jConfig(dataDir);
    }

}
