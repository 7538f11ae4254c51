package io.coinpulse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class StatusRetentionTest {

    @Test
    void boundsWhatSparkKeepsOfFinishedWork() {
        assertThat(CoinpulseJob.statusRetention(new SparkConf(false))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "spark.ui.retainedJobs", "100",
                "spark.ui.retainedStages", "100",
                "spark.ui.retainedTasks", "2000",
                "spark.sql.ui.retainedExecutions", "50"));
    }

    @Test
    void leavesWhatTheSubmittedConfSetsToIt() {
        SparkConf submitted = new SparkConf(false).set("spark.ui.retainedJobs", "1000").set("spark.sql.ui.retainedExecutions", "500");

        assertThat(CoinpulseJob.statusRetention(submitted)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "spark.ui.retainedStages", "100",
                "spark.ui.retainedTasks", "2000"));
    }
}
