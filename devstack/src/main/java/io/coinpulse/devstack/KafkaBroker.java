package io.coinpulse.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A real single-node KRaft Kafka broker: Apache Kafka's own {@code kafka.Kafka} in a child JVM
 * (combined broker + controller), storage formatted on first start. Its data directory keeps the
 * ports and the cluster id, so a broker stopped and started again on the same directory comes
 * back with its topics and offsets.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private JavaProcess process;

    private KafkaBroker(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = brokerClasspath();
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
        Path config = dataDir.resolve("server.properties");
        KafkaBroker broker;
        if (Files.exists(config)) {
            Properties existing = load(config);
            broker = new KafkaBroker(dataDir, Integer.parseInt(existing.getProperty("coinpulse.port")),
                    Integer.parseInt(existing.getProperty("coinpulse.controller.port")));
        } else {
            broker = new KafkaBroker(dataDir, port == 0 ? Ports.free() : port, Ports.free());
            broker.writeConfig(config);
        }
        broker.formatIfNeeded(config);
        broker.launch();
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

    /** The broker's process while it runs. */
    public java.util.Optional<ProcessHandle> processHandle() {
        return isRunning() ? java.util.Optional.of(process.process().toHandle()) : java.util.Optional.empty();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Creates each topic with the given partition count (replication factor 1) unless it exists.
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaExecutable(), "-Xmx128m",
                "-Dlog4j2.configurationFile=" + log4jConfig().toUri(),
                "-cp", JavaProcess.classpath(List.of(classpath, ownLocation())),
                TopicAdmin.class.getName(), bootstrapServers()));
        partitionsByTopic.forEach((topic, partitions) -> command.add(topic + ":" + partitions));
        JavaProcess.run("kafka-topics", command, dataDir.resolve("topics.log"), 120);
    }

    /** Starts the broker again after {@link #stop()} or {@link #kill()}, same ports, same data. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("broker is running");
        }
        launch();
    }

    /** Controlled shutdown (SIGTERM). */
    public void stop() {
        if (process != null) {
            process.stop(60);
        }
    }

    /** SIGKILL, for fault tests. */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void launch() {
        process = JavaProcess.start("kafka", List.of("-Xms256m", "-Xmx768m", "-XX:+UseG1GC",
                        "-Djava.awt.headless=true",
                        "-Dlog4j2.configurationFile=" + log4jConfig().toUri()),
                classpath, "kafka.Kafka", List.of(dataDir.resolve("server.properties").toString()), Map.of(),
                dataDir.resolve("broker.log"));
        Ports.awaitListening(port, process.process(), Duration.ofSeconds(90), "Kafka broker");
    }

    private void writeConfig(Path config) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("logs").toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        // one broker: every internal topic at replication factor 1
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.retention.hours", "168");
        p.setProperty("coinpulse.port", Integer.toString(port));
        p.setProperty("coinpulse.controller.port", Integer.toString(controllerPort));
        try {
            Files.createDirectories(dataDir);
            try (Writer out = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                p.store(out, "single-node KRaft broker written by coinpulse devstack");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void formatIfNeeded(Path config) {
        if (Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
            return;
        }
        String clusterId = toBase64Uuid(UUID.randomUUID());
        JavaProcess.run("kafka-storage-format", List.of(JavaProcess.javaExecutable(), "-Xmx256m",
                "-Dlog4j2.configurationFile=" + log4jConfig().toUri(),
                "-cp", classpath, "kafka.tools.StorageTool", "format",
                // "=" form: a base64 cluster id may start with '-', which argparse would take for an option
                "--cluster-id=" + clusterId, "--config=" + config,
                "--ignore-formatted"), dataDir.resolve("format.log"), 120);
    }

    private Path log4jConfig() {
        Path file = dataDir.resolve("log4j2.properties");
        if (!Files.exists(file)) {
            try (InputStream in = KafkaBroker.class.getResourceAsStream("broker-log4j2.properties")) {
                Files.createDirectories(dataDir);
                Files.copy(in, file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    private static String toBase64Uuid(UUID uuid) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The broker's classpath, resolved by Maven when devstack was built. */
    static String brokerClasspath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing: build devstack with Maven first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ownLocation() {
        try {
            return Path.of(KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
