package io.coinpulse.spark.lake;

/** The lake path holds data in a layout this version does not read (the Parquet directories of earlier versions). */
public final class LakeLayoutException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public LakeLayoutException(String message) {
        super(message);
    }
}
