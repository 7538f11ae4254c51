package io.coinpulse.launcher;

import io.coinpulse.devstack.JavaProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps the Spark job running as the spark-operator's restartPolicy does on Kubernetes: when it
 * exits it is started again and resumes from its checkpoint, so nothing is lost or counted twice.
 * The delay doubles on each quick failure (2 s up to 60 s) and resets once the job has run 2 minutes.
 */
final class SparkSupervisor {

    private final Supplier<JavaProcess> starter;
    private final String mode;
    private final Consumer<String> status;
    private volatile JavaProcess spark;
    private volatile boolean closing;
    private Thread thread;
    private int restarts;
    /** Stopped on purpose until {@link #release} (guarded by this): the supervisor leaves it down. */
    private boolean held;

    /** @param mode how the job runs, for the status lines: {@code local mode}, {@code submitted to spark://…} */
    SparkSupervisor(Supplier<JavaProcess> starter, String mode, Consumer<String> status) {
        this.starter = starter;
        this.mode = mode;
        this.status = status;
    }

    /** Starts the job; {@link #watch} then keeps it running. */
    void start() {
        spark = starter.get();
    }

    /** Starts watching the job, once the rest of the stack is up. */
    void watch() {
        thread = new Thread(this::supervise, "coinpulse-spark-supervisor");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized JavaProcess current() {
        return spark;
    }

    synchronized int restarts() {
        return restarts;
    }

    private void supervise() {
        long delayMillis = 2000;
        while (!closing) {
            JavaProcess current = spark;
            try {
                current.process().waitFor();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (awaitRelease(current)) {
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            }
            if (closing) {
                return;
            }
            long ranMillis = System.currentTimeMillis()
                    - current.process().info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            if (ranMillis > Duration.ofMinutes(2).toMillis()) {
                delayMillis = 2000;
            }
            status.accept("the Spark job exited with code " + current.process().exitValue() + "; restarting it from its checkpoint in "
                    + delayMillis / 1000 + " s (log: " + current.log() + ")");
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                return;
            }
            delayMillis = Math.min(delayMillis * 2, 60_000);
            synchronized (this) {
                if (!closing && !held && !spark.isAlive()) {
                    spark = starter.get();
                    restarts++;
                }
            }
        }
    }

    /** True when {@code exited} stopped on purpose (held, or replaced by {@link #release}): nothing to restart. */
    private synchronized boolean awaitRelease(JavaProcess exited) throws InterruptedException {
        if (!held && spark == exited) {
            return false;
        }
        while (held && !closing) {
            wait();
        }
        return true;
    }

    /** Stops the job (SIGTERM: it finishes its micro-batch, its checkpoint stays) and keeps it stopped. */
    void hold() {
        JavaProcess current;
        synchronized (this) {
            held = true;
            current = spark;
        }
        status.accept("stopping the Spark job until it is released");
        current.stop(60);
    }

    /** Starts the job again, from its checkpoint, after {@link #hold}. */
    synchronized void release() {
        if (!held) {
            return;
        }
        held = false;
        if (!closing && !spark.isAlive()) {
            status.accept("starting the Spark job again (" + mode + ")");
            spark = starter.get();
        }
        notifyAll();
    }

    /** Stops supervising; the caller stops the job itself. */
    void close() {
        closing = true;
        synchronized (this) {
            notifyAll();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
