package io.coinpulse.ingest.publish;

import io.coinpulse.ingest.config.IngestConfig;
import io.coinpulse.ingest.journal.Journal;
import io.coinpulse.ingest.journal.JournalEntry;
import io.coinpulse.ingest.metrics.IngestMetrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Publishes the journal, oldest first, in batches: a batch is handed to the producers in journal order (so per-key
 * order holds), then removed once Kafka acknowledged all of it. The producers retry until Kafka is back, so a
 * batch simply waits out an outage. A batch Kafka refused in part is sent again whole after
 * {@code coinpulse.ingest.journal.retry-delay}; a record published twice that way (or by a restart between
 * acknowledgement and removal) is removed downstream by its {@code (source, id)}.
 */
@ApplicationScoped
public class JournalDrainer {

    /** Records per round at least (whole journal elements): enough to keep the producers busy. */
    static final int BATCH = 4096;
    private static final long IDLE_MILLIS = 20;

    private final Journal journal;
    private final KafkaChannels channels;
    private final IngestMetrics metrics;
    private final IngestConfig config;
    private Thread thread;

    public JournalDrainer(Journal journal, KafkaChannels channels, IngestMetrics metrics, IngestConfig config) {
        this.journal = journal;
        this.channels = channels;
        this.metrics = metrics;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::run, "ingest-journal-drainer");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(5_000);
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Journal.Head head = journal.peek(BATCH);
                if (head.entries().isEmpty()) {
                    Thread.sleep(IDLE_MILLIS);
                } else if (publish(head.entries())) {
                    journal.remove(head);
                    for (JournalEntry entry : head.entries()) {
                        if (!entry.deadLetter()) {
                            metrics.forSource(entry.source()).published();
                        }
                    }
                } else {
                    Thread.sleep(config.journal().retryDelay().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            Log.errorf(e, "The ingest journal's drainer stopped; what it holds is published after a restart");
        }
    }

    /** Hands the batch over in order and waits for every answer; true when Kafka acknowledged all of it. */
    private boolean publish(List<JournalEntry> batch) throws InterruptedException {
        CountDownLatch answers = new CountDownLatch(batch.size());
        AtomicBoolean refused = new AtomicBoolean();
        int handed = 0;
        for (; handed < batch.size() && !refused.get(); handed++) {
            JournalEntry entry = batch.get(handed);
            channels.acquire();
            AtomicBoolean settled = new AtomicBoolean();
            try {
                channels.send(entry, (metadata, failure) -> {
                    if (settled.compareAndSet(false, true)) {
                        if (failure != null && !refused.getAndSet(true) && !(failure instanceof RetriableException)) {
                            Log.warnf("Kafka refused a journaled record of source %s: %s; tried again",
                                    entry.source(), failure.toString());
                        }
                        channels.release();
                        answers.countDown();
                    }
                });
            } catch (RuntimeException e) { // not taken: no metadata in time, or the producer is closing
                refused.set(true);
                if (settled.compareAndSet(false, true)) {
                    channels.release();
                    answers.countDown();
                }
            }
        }
        for (int i = handed; i < batch.size(); i++) {
            answers.countDown();
        }
        answers.await();
        return !refused.get();
    }
}
