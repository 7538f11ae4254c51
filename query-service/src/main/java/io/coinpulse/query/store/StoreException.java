package io.coinpulse.query.store;

import java.sql.SQLException;

/** The database failed to answer a query: a server-side fault (HTTP 500), never the client's. */
public class StoreException extends RuntimeException {

    public StoreException(String what, SQLException cause) {
        super(what + ": " + cause.getMessage(), cause);
    }
}
