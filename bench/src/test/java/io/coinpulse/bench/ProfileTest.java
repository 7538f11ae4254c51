package io.coinpulse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attributing a flight recording's samples to the parts of the system. */
class ProfileTest {

    @Test
    void aSampleBelongsToThePartWhoseCodeIsNearestTheTopOfTheStack() {
        // a HashMap lookup inside the state store is the state store's time
        assertThat(Profile.part(List.of("java.util.HashMap.getNode",
                "org.apache.spark.sql.execution.streaming.state.RocksDB.get",
                "org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage2.processNext",
                "org.apache.spark.scheduler.Task.run"))).isEqualTo("state store (RocksDB)");
        assertThat(Profile.part(List.of("java.net.SocketInputStream.read", "com.mysql.cj.protocol.ReadAheadInputStream.fill",
                "io.coinpulse.spark.sink.WindowMetricsWriter.write"))).isEqualTo("JDBC (MySQL driver)");
        assertThat(Profile.part(List.of("com.fasterxml.jackson.core.json.UTF8StreamJsonParser.nextToken",
                "org.apache.spark.sql.catalyst.json.JacksonParser.parse"))).isEqualTo("JSON parsing");
        assertThat(Profile.part(List.of("net.jpountz.lz4.LZ4JNICompressor.compress", "org.apache.kafka.common.record.MemoryRecordsBuilder.close")))
                .isEqualTo("compression");
        assertThat(Profile.part(List.of("java.lang.Thread.sleep"))).isEqualTo(Profile.OTHER);
        assertThat(Profile.part(List.of())).isEqualTo(Profile.OTHER);
    }

    @Test
    void threadNamesAreGroupedWithoutTheirNumbers() {
        assertThat(Profile.threadGroup("Executor task launch worker-12")).isEqualTo("Executor task launch worker");
        assertThat(Profile.threadGroup("stream execution thread for window-metrics-1m [id = 1d2, runId = 9f]"))
                .isEqualTo("stream execution thread for window-metrics-1m");
        assertThat(Profile.threadGroup("coinpulse-analytics")).isEqualTo("coinpulse-analytics");
        assertThat(Profile.threadGroup("main")).isEqualTo("main");
    }

    @Test
    void readsARealRecordingOfThisJvm(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("busy.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            long sink = busy(Duration.ofMillis(1500));
            recording.stop();
            recording.dump(file);
            assertThat(sink).isNotZero();
        }

        Profile.Summary summary = Profile.of(file);

        assertThat(summary.cpu().total()).isGreaterThan(20);
        // the loop below is io.coinpulse code, run on the test's own thread
        assertThat(summary.cpu().byPart().get("coinpulse code")).isGreaterThan(summary.cpu().total() / 2);
        assertThat(summary.describe("busy loop")).startsWith("Profile of busy loop (`busy.jfr`): ")
                .contains("coinpulse code").contains("CPU by thread: ");
    }

    @Test
    void recordsARunningJvmOverAnIntervalWithJcmd(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("interval.jfr");
        long sink;
        try (FlightRecording recording = FlightRecording.start(ProcessHandle.current().pid(), file)) {
            // over two periods of the settings' once-a-second events (jdk.CompilerStatistics, jdk.CPULoad)
            sink = busy(Duration.ofMillis(2500));
        }
        assertThat(sink).isNotZero();

        Profile.Summary summary = Profile.of(file);

        // profile settings sample Java threads every 10 or 20 ms
        assertThat(summary.cpu().total()).isGreaterThan(20);
        assertThat(summary.cpu().byPart().get("coinpulse code")).isGreaterThan(summary.cpu().total() / 2);
        // and record the JIT compiler every second: this JVM has compiled its test classes' methods by now
        assertThat(summary.jit()).isNotNull();
        assertThat(summary.jit().methods()).isGreaterThan(100);
        assertThat(summary.jit().compileSeconds()).isPositive();
        assertThat(summary.jit().jvmLoad()).isBetween(0.0, 1.0);
        assertThat(summary.describe("interval")).containsPattern(" JIT: [0-9,]+ methods compiled \\([0-9.]+ s of compilation\\)");
    }

    @Test
    void describesTheJitCompilersShareOfTheJvm() {
        Profile.Jit jit = new Profile.Jit(14_681, 21.2, 0.36, 0.825);

        assertThat(jit.describe(2)).isEqualTo("14,681 methods compiled (21.2 s of compilation); the compiler threads used 0.72"
                + " of the JVM's 1.65 cores");
        assertThat(new Profile.Jit(900, 0.5, Double.NaN, 0.5).describe(2)).isEqualTo("900 methods compiled (0.5 s of compilation)");
    }

    @Test
    void aRecordingOfNoProcessIsAClearError(@TempDir Path dir) {
        assertThatThrownBy(() -> FlightRecording.start(999_999_999L, dir.resolve("none.jfr")))
                .isInstanceOf(IOException.class).hasMessageContaining(" 999999999 JFR.start ").hasMessageContaining("No such process");
    }

    private static long busy(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        return x | 1;
    }
}
