package io.coinpulse.spark.sink;

/** The {@code window_metrics} table did not become usable in time; the message says where and why. */
public final class TableNotReadyException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public TableNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
