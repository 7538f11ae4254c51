package io.coinpulse.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The heap and collector of every local part, as the launcher starts them. */
class JvmSettingsTest {

    @Test
    void theQuarkusServicesRunSerialWithTheirOwnHeapBounds() {
        assertThat(JvmSettings.serviceJvmOptions("query-service"))
                .containsExactly("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:MetaspaceSize=128m");
        assertThat(JvmSettings.serviceJvmOptions("ingest-service"))
                .containsExactly("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:MetaspaceSize=128m");
        assertThatThrownBy(() -> JvmSettings.serviceJvmOptions("spark-app")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Quarkus service of the stack: spark-app");
    }

    @Test
    void theKafkaBrokerHasA384MibHeapOnG1() {
        assertThat(JvmSettings.kafkaBrokerJvmOptions()).containsExactly("-Xms128m", "-Xmx384m", "-XX:+UseG1GC");
    }

    @Test
    void theSparkJobAndTheClusterDriverGetTheirHeapAndSparksOpens() {
        List<String> opens = JvmSettings.sparkOpens();
        // the root pom's spark.jvm.opens, split
        assertThat(opens).startsWith("-XX:+IgnoreUnrecognizedVMOptions", "--add-opens=java.base/java.lang=ALL-UNNAMED")
                .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED").endsWith("-Djdk.reflect.useDirectMethodHandle=false")
                .hasSize(16);

        List<String> job = JvmSettings.sparkJvmOptions();
        assertThat(job.subList(0, 3)).containsExactly("-Xmx768m", "-XX:MaxDirectMemorySize=256m", "-Dspark.ui.enabled=false");
        assertThat(job.subList(3, job.size())).isEqualTo(opens);

        List<String> driver = JvmSettings.clusterDriverJvmOptions();
        assertThat(driver.subList(0, 3)).containsExactly("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC");
        assertThat(driver.subList(3, driver.size())).isEqualTo(opens);
        assertThat(ClusterSubmit.submitProperties(Map.of()).getProperty("spark.executor.memory"))
                .isEqualTo(JvmSettings.CLUSTER_EXECUTOR_MEMORY).isEqualTo("768m");
    }

    @Test
    void everyJvmOfTheStackKeepsTwoMallocArenas() {
        assertThat(JvmSettings.NATIVE_ENVIRONMENT).containsExactly(Map.entry("MALLOC_ARENA_MAX", "2"));
    }
}
