package io.coinpulse.spark.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/** Keeps every progress report of the session's streaming queries. */
public final class ProgressRecorder extends StreamingQueryListener {

    private final List<StreamingQueryProgress> progress = new CopyOnWriteArrayList<>();

    public List<StreamingQueryProgress> of(String queryName) {
        return progress.stream().filter(p -> queryName.equals(p.name())).toList();
    }

    public void clear() {
        progress.clear();
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        progress.add(event.progress());
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
    }
}
