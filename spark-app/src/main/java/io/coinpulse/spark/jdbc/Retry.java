package io.coinpulse.spark.jdbc;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries an idempotent action while it fails for a reason that passes (the database or the broker
 * unreachable, a deadlock), with exponential backoff (1 s, 2 s, 4 s … at most 10 s: a database that is back is used within seconds) until a time
 * budget is spent; any other failure, or the last one, is thrown.
 */
public final class Retry {

    private static final Logger LOG = LoggerFactory.getLogger(Retry.class);
    private static final Duration FIRST = Duration.ofSeconds(1);
    private static final Duration LONGEST = Duration.ofSeconds(10);

    private Retry() {
    }

    /** A piece of work that may throw anything. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action}, retrying transient failures within {@code budget}. */
    public static void withBudget(String what, Duration budget, Action action) throws Exception {
        withBudget(what, budget, () -> {
            action.run();
            return null;
        });
    }

    /** Runs {@code action}, retrying transient failures within {@code budget}; returns its result. */
    public static <T> T withBudget(String what, Duration budget, Callable<T> action) throws Exception {
        long started = System.nanoTime();
        Duration pause = FIRST;
        for (int attempt = 1; ; attempt++) {
            try {
                T result = action.call();
                if (attempt > 1) {
                    LOG.info("{} succeeded at attempt {} after {} s", what, attempt, (System.nanoTime() - started) / 1_000_000_000);
                }
                return result;
            } catch (Exception e) {
                Duration spent = Duration.ofNanos(System.nanoTime() - started);
                if (!isTransient(e) || spent.plus(pause).compareTo(budget) > 0) {
                    throw e;
                }
                LOG.warn("{} failed (attempt {}, {} s of the {} s retry budget spent), retrying in {} s: {}", what, attempt,
                        spent.toSeconds(), budget.toSeconds(), pause.toSeconds(), rootMessage(e));
                Thread.sleep(pause.toMillis());
                pause = pause.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : pause.multipliedBy(2);
            }
        }
    }

    /**
     * True when some cause is a lost or refused connection, a timeout, a deadlock or a lock wait
     * timeout: SQLState class 08, 40001, MySQL errors 1205 and 1213, a Kafka timeout. Spark wraps a
     * task's failure in a {@code SparkException} whose message carries the cause's text.
     */
    public static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException || t instanceof ConnectException
                    || t.getClass().getName().equals("com.mysql.cj.jdbc.exceptions.CommunicationsException")
                    || t.getClass().getName().startsWith("org.apache.kafka.common.errors.TimeoutException")) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState() == null ? "" : s.getSQLState();
                if (state.startsWith("08") || state.equals("40001") || s.getErrorCode() == 1205 || s.getErrorCode() == 1213) {
                    return true;
                }
            }
            String message = String.valueOf(t.getMessage());
            if (message.contains("Communications link failure") || message.contains("CommunicationsException")
                    || message.contains("Connection refused") || message.contains("org.apache.kafka.common.errors.TimeoutException")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.toString() : root.getMessage();
        return m.replaceAll("\\s+", " ");
    }
}
