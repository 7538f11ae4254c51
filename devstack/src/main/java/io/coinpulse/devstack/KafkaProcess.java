package io.coinpulse.devstack;

import java.util.Optional;

/** What a Kafka server in a child JVM offers its owner: whether it runs, its process, stop and kill. */
public abstract class KafkaProcess {

    /** The server's JVM once launched; null before. */
    protected JavaProcess process;

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The server's process while it runs. */
    public Optional<ProcessHandle> processHandle() {
        return isRunning() ? Optional.of(process.process().toHandle()) : Optional.empty();
    }

    /** Controlled shutdown (SIGTERM): a cluster node moves its partitions' leadership to the others first. */
    public void stop() {
        if (process != null) {
            process.stop(60);
        }
    }

    /** SIGKILL, the way a crashed machine looks to its clients and to the rest of a cluster. */
    public void kill() {
        if (process != null) {
            process.kill();
        }
    }
}
