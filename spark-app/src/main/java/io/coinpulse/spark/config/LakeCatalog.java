package io.coinpulse.spark.config;

import java.io.Serializable;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Iceberg catalog of the lake's tables ({@code coinpulse.lake.catalog}): {@code hadoop} keeps
 * the tables' metadata as files under {@code coinpulse.lake.path} (the warehouse); {@code jdbc}
 * keeps their pointers in a database (Iceberg's JdbcCatalog, by default the job's own MySQL
 * database and credentials) with the files under the same warehouse; {@code rest} asks an Iceberg
 * REST catalog at {@code coinpulse.lake.catalog-uri}. {@link #toString()} never shows the password.
 *
 * @param type the kind of catalog
 * @param uri the JDBC URL (jdbc) or the REST endpoint (rest); null for hadoop
 * @param user the JDBC catalog's database user; null otherwise
 * @param password the JDBC catalog's database password; null otherwise
 */
public record LakeCatalog(Type type, String uri, String user, String password) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The kinds of catalog. */
    public enum Type {
        HADOOP, JDBC, REST;

        /** The setting's value, e.g. {@code hadoop}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type for its label, or null. */
        public static Type parse(String label) {
            for (Type t : values()) {
                if (t.label().equalsIgnoreCase(label == null ? "" : label.trim())) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * The catalog of {@code type} (a label) and {@code uri} (may be null); the JDBC catalog defaults to
     * the job's database.
     *
     * @throws IllegalArgumentException naming the problem: an unknown type, a REST catalog without URI,
     *     a JDBC catalog URI that is not a MySQL JDBC URL
     */
    public static LakeCatalog of(String type, String uri, DbSettings db) {
        Type t = Type.parse(type);
        if (t == null) {
            throw new IllegalArgumentException("expected hadoop, jdbc or rest");
        }
        return switch (t) {
            case HADOOP -> new LakeCatalog(t, null, null, null);
            case JDBC -> {
                String url = uri == null ? db.url() : uri;
                if (url != null && !url.startsWith("jdbc:mysql://")) {
                    throw new IllegalArgumentException("a jdbc catalog's URI is a jdbc:mysql://host:port/database URL");
                }
                yield new LakeCatalog(t, url, db.user(), db.password());
            }
            case REST -> {
                if (uri == null) {
                    throw new IllegalArgumentException("a rest catalog needs coinpulse.lake.catalog-uri, e.g. http://iceberg-rest:8181");
                }
                yield new LakeCatalog(t, uri, null, null);
            }
        };
    }

    /**
     * The properties of Iceberg's Spark catalog ({@code spark.sql.catalog.<name>.<key>}) for this
     * catalog over {@code warehouse} (the lake path; null: none, only a REST catalog goes without).
     */
    public Map<String, String> sparkProperties(URI warehouse) {
        Map<String, String> out = new LinkedHashMap<>();
        switch (type) {
            case HADOOP -> out.put("type", "hadoop");
            case JDBC -> {
                out.put("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
                out.put("uri", uri);
                out.put("jdbc.user", user);
                out.put("jdbc.password", password == null ? "" : password);
                // V1 also records views; created with the catalog's tables on first use
                out.put("jdbc.schema-version", "V1");
            }
            case REST -> {
                out.put("type", "rest");
                out.put("uri", uri);
            }
        }
        if (warehouse != null) {
            out.put("warehouse", warehouse.toString());
        }
        return out;
    }

    @Override
    public String toString() {
        return "coinpulse.lake.catalog=" + type.label()
                + (uri == null ? "" : " coinpulse.lake.catalog-uri=" + (type == Type.JDBC ? DbSettings.redact(uri) : uri));
    }
}
