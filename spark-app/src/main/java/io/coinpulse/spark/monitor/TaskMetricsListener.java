package io.coinpulse.spark.monitor;

import java.util.Map;
import java.util.Properties;
import java.util.Collections;
import java.util.LinkedHashMap;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Adds up what the tasks of a unit of work cost: executor CPU time and the largest peak execution
 * memory of one task. A unit is a streaming micro-batch ({@link #batchKey}: Spark tags its jobs with
 * the query id and batch id) or a job group ({@code SparkContext.setJobGroup}, the batch modes).
 * Works the same in local mode and on a cluster: the numbers come from the executors' task metrics.
 */
public final class TaskMetricsListener extends SparkListener {

    /** Spark's job properties naming the streaming query and batch (StreamExecution, MicroBatchExecution). */
    private static final String QUERY_ID = "sql.streaming.queryId";
    private static final String BATCH_ID = "streaming.sql.batchId";
    private static final String JOB_GROUP = "spark.jobGroup.id";

    /** CPU nanoseconds, the largest peak execution memory, tasks. */
    public record Usage(long cpuNanos, long peakMemoryBytes, long tasks) {

        public long cpuMillis() {
            return cpuNanos / 1_000_000;
        }
    }

    /**
     * Units nobody takes (the lake queries' micro-batches) must not pile up over weeks: each map
     * keeps only its most recent entries.
     */
    private static final int KEPT = 5_000;

    private final Map<Integer, String> stageKeys = Collections.synchronizedMap(bounded());
    private final Map<Integer, String> jobKeys = Collections.synchronizedMap(bounded());
    private final Map<String, Usage> usage = Collections.synchronizedMap(bounded());
    private final Map<String, Integer> activeJobs = Collections.synchronizedMap(bounded());

    private static <K, V> Map<K, V> bounded() {
        return new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > KEPT;
            }
        };
    }

    /** The key of a streaming micro-batch. */
    public static String batchKey(String queryId, long batchId) {
        return queryId + "#" + batchId;
    }

    @Override
    public void onJobStart(SparkListenerJobStart event) {
        String key = key(event.properties());
        if (key == null) {
            return;
        }
        jobKeys.put(event.jobId(), key);
        activeJobs.merge(key, 1, Integer::sum);
        usage.putIfAbsent(key, new Usage(0, 0, 0));
        scala.collection.Iterator<Object> stages = event.stageIds().iterator();
        while (stages.hasNext()) {
            stageKeys.put((Integer) stages.next(), key);
        }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd event) {
        String key = jobKeys.remove(event.jobId());
        if (key != null) {
            activeJobs.merge(key, -1, Integer::sum);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        String key = stageKeys.get(event.stageId());
        TaskMetrics m = event.taskMetrics();
        if (key == null || m == null) {
            return;
        }
        usage.merge(key, new Usage(m.executorCpuTime(), m.peakExecutionMemory(), 1),
                (a, b) -> new Usage(a.cpuNanos() + b.cpuNanos(), Math.max(a.peakMemoryBytes(), b.peakMemoryBytes()), a.tasks() + b.tasks()));
    }

    /**
     * What the unit cost, then forgets it. The listener bus may still be delivering its last task
     * events: waits up to {@code waitMillis} for its jobs to have ended.
     */
    public Usage take(String key, long waitMillis) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        while (System.nanoTime() < deadline && (!usage.containsKey(key) || activeJobs.getOrDefault(key, 0) > 0)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        activeJobs.remove(key);
        synchronized (stageKeys) {
            stageKeys.values().removeIf(key::equals);
        }
        Usage u = usage.remove(key);
        return u == null ? new Usage(0, 0, 0) : u;
    }

    private static String key(Properties p) {
        if (p == null) {
            return null;
        }
        String query = p.getProperty(QUERY_ID);
        String batch = p.getProperty(BATCH_ID);
        if (query != null && batch != null) {
            return batchKey(query, Long.parseLong(batch));
        }
        return p.getProperty(JOB_GROUP);
    }
}
