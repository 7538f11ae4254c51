package io.coinpulse.spark.config;

/**
 * The streaming state store provider. RocksDB keeps the state off the JVM heap (the windows and the
 * duplicate-detection ids of 10,000+ assets do not press on the garbage collector) and checkpoints
 * only the changes of each micro-batch (changelog checkpointing); the HDFS-backed provider keeps
 * every version in memory. The provider is frozen into a checkpoint at its first start: an existing
 * checkpoint goes on with the provider it was started with.
 */
public enum StateStore {

    /** {@code RocksDBStateStoreProvider}, with changelog checkpointing. */
    ROCKSDB("rocksdb", "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider"),
    /** {@code HDFSBackedStateStoreProvider}, Spark's default. */
    HDFS("hdfs", "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider");

    private final String label;
    private final String providerClass;

    StateStore(String label, String providerClass) {
        this.label = label;
        this.providerClass = providerClass;
    }

    /** The store for its label, or null. */
    public static StateStore parse(String label) {
        for (StateStore s : values()) {
            if (s.label.equalsIgnoreCase(label == null ? "" : label.trim())) {
                return s;
            }
        }
        return null;
    }

    public String label() {
        return label;
    }

    /** Value of {@code spark.sql.streaming.stateStore.providerClass}. */
    public String providerClass() {
        return providerClass;
    }
}
