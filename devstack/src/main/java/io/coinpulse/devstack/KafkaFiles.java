package io.coinpulse.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;
import java.util.UUID;

/** The files and class paths a single broker and the nodes of a cluster share. */
final class KafkaFiles {

    private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";

    private KafkaFiles() {
    }

    /** The brokers' log4j2 configuration, copied into {@code dir} on first use. */
    static Path log4jConfig(Path dir) {
        Path file = dir.resolve("log4j2.properties");
        if (!Files.exists(file)) {
            try (InputStream in = KafkaFiles.class.getResourceAsStream("broker-log4j2.properties")) {
                Files.createDirectories(dir);
                Files.copy(in, file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }

    /** Writes properties readable by the owner alone: a server's config may hold passwords. */
    static void writeSecret(Path file, Properties p) {
        OwnerOnlyFile.write(file, p, "written by coinpulse devstack");
    }

    /**
     * The settings every KRaft server here shares: broker and controller in one process on 127.0.0.1, the
     * client listener speaking {@code protocol}, the controller's PLAINTEXT; every internal topic at
     * {@code replication} with {@code minInSync} replicas in sync; no topic created by a client.
     */
    static Properties serverProperties(int nodeId, String voters, String protocol, int port, int controllerPort, Path logDirs,
            int replication, int minInSync) {
        String r = Integer.toString(replication);
        String isr = Integer.toString(minInSync);
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(nodeId));
        p.setProperty("controller.quorum.voters", voters);
        p.setProperty("listeners", protocol + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", protocol + "://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", protocol);
        p.setProperty("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDirs.toString());
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("offsets.topic.replication.factor", r);
        p.setProperty("offsets.topic.num.partitions", "10");
        p.setProperty("transaction.state.log.replication.factor", r);
        p.setProperty("transaction.state.log.min.isr", isr);
        p.setProperty("share.coordinator.state.topic.replication.factor", r);
        p.setProperty("share.coordinator.state.topic.min.isr", isr);
        p.setProperty("default.replication.factor", r);
        p.setProperty("min.insync.replicas", isr);
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.retention.hours", "168");
        return p;
    }

    static Properties load(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A KRaft cluster id: the UUID's 16 bytes in URL-safe base64, as Kafka's own tools print them. */
    static String newClusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The broker's classpath, resolved by Maven when devstack was built. */
    static String brokerClasspath() {
        try (InputStream in = KafkaFiles.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CLASSPATH_RESOURCE + " is missing: build devstack with Maven first");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** devstack's own classes (jar or directory), for the admin tools it runs in child JVMs. */
    static String ownLocation() {
        try {
            return Path.of(KafkaFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
