package io.coinpulse.query.store;

import io.quarkiverse.resteasy.problem.HttpProblem;
import jakarta.ws.rs.core.Response.Status;
import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientException;

/**
 * The database failed to answer a query: never the client's fault. A lost or refused connection
 * is a 503 with {@code Retry-After} (the database restarts, the client may retry); anything else
 * is a 500. The problem says no more than that; the log gets the cause.
 */
public class StoreException extends HttpProblem {

    static final int RETRY_AFTER_SECONDS = 5;

    private final String what;

    public StoreException(String what, SQLException cause) {
        super(problem(unavailable(cause)));
        this.what = what;
        initCause(cause);
    }

    @Override
    public String getMessage() {
        return what + ": " + getCause().getMessage();
    }

    /** SQL state class 08 is "connection exception"; the JDBC transient exceptions may succeed on retry. */
    static boolean unavailable(SQLException e) {
        String state = e.getSQLState();
        return (state != null && state.startsWith("08")) || e instanceof SQLTransientException
                || e instanceof SQLNonTransientConnectionException;
    }

    private static Builder problem(boolean unavailable) {
        if (unavailable) {
            return builder()
                    .withType(URI.create("urn:coinpulse:problem:database-unavailable"))
                    .withTitle("Database unavailable")
                    .withStatus(Status.SERVICE_UNAVAILABLE)
                    .withDetail("The database did not answer; try again in a few seconds")
                    .withHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        return builder().withStatus(Status.INTERNAL_SERVER_ERROR);
    }
}
