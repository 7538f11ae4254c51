package io.coinpulse.spark.config;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where the window metrics go: a MySQL or MariaDB JDBC URL and credentials. Serializable because
 * the writers on the executors open their own connections. {@link #toString()} and
 * {@link #redactedUrl()} never show the password.
 */
public record DbSettings(String url, String user, String password) implements Serializable {

    /**
     * A new connection; JDBC batches of inserts are rewritten into multi-row statements. Uses the
     * MySQL driver directly rather than {@code DriverManager}, which does not see drivers in a jar
     * that {@code spark-submit} adds to a child class loader.
     */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("rewriteBatchedStatements", "true");
        // every micro-batch opens several connections: the server's settings are read once per
        // JVM, and auto-commit or isolation changes that change nothing cost no round trip
        properties.setProperty("cacheServerConfiguration", "true");
        properties.setProperty("useLocalSessionState", "true");
        properties.setProperty("connectTimeout", "10000");
        // a stalled server fails the statement instead of hanging a batch or the listener thread
        properties.setProperty("socketTimeout", "120000");
        Connection connection = new com.mysql.cj.jdbc.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("not a MySQL JDBC URL: " + redactedUrl());
        }
        return connection;
    }

    /** The URL without credentials or parameters, for log lines: {@code jdbc:mysql://host:3306/coinpulse}. */
    public String redactedUrl() {
        return redact(url);
    }

    /** Strips {@code user:password@} and everything from {@code ?} or {@code ;} on. */
    public static String redact(String jdbcUrl) {
        if (jdbcUrl == null) {
            return null;
        }
        String out = jdbcUrl.replaceAll("//[^/@?;]*@", "//");
        int cut = out.length();
        for (char c : new char[] {'?', ';'}) {
            int i = out.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return out.substring(0, cut);
    }

    @Override
    public String toString() {
        return "DbSettings[url=" + redactedUrl() + ", user=" + user + ", password=***]";
    }
}
