package io.coinpulse.ingest.source.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.coinpulse.ingest.SampleDataset;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsAPlainFileLineByLineExactly() throws IOException {
        try (ReplayReader reader = ReplayReader.open(SampleDataset.file())) {
            assertThat(reader.gzip()).isFalse();
            assertThat(readAll(reader)).isEqualTo(SampleDataset.lines());
        }
    }

    @Test
    void readsGzipTransparentlyWhateverTheName() throws IOException {
        byte[] plain = Files.readAllBytes(SampleDataset.file());
        for (String name : new String[] {"ticks.jsonl.gz", "ticks.jsonl"}) {
            Path gz = dir.resolve(name);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
                out.write(plain);
            }
            try (ReplayReader reader = ReplayReader.open(gz)) {
                assertThat(reader.gzip()).as(name).isTrue();
                assertThat(readAll(reader)).as(name).isEqualTo(SampleDataset.lines());
            }
        }
    }

    @Test
    void readsConcatenatedGzipMembers() throws IOException {
        Path gz = dir.resolve("two-members.jsonl.gz");
        try (OutputStream file = Files.newOutputStream(gz)) {
            for (String part : new String[] {"{\"a\":1}\n", "{\"b\":2}\n"}) {
                GZIPOutputStream member = new GZIPOutputStream(file);
                member.write(part.getBytes(StandardCharsets.UTF_8));
                member.finish();
            }
        }
        try (ReplayReader reader = ReplayReader.open(gz)) {
            assertThat(readAll(reader)).containsExactly("{\"a\":1}", "{\"b\":2}");
        }
    }

    @Test
    void dropsAByteOrderMarkAndCarriageReturnsKeepsEverythingElse() throws IOException {
        Path file = dir.resolve("bom.jsonl");
        Files.writeString(file, "\uFEFF{\"a\":\"é\"}\r\n\r\n  {\"b\":2}  \n{\"c\":3}", StandardCharsets.UTF_8);
        try (ReplayReader reader = ReplayReader.open(file)) {
            assertThat(readAll(reader)).containsExactly("{\"a\":\"é\"}", "", "  {\"b\":2}  ", "{\"c\":3}");
        }
    }

    @Test
    void anEmptyOrOneByteFileIsFine() throws IOException {
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        Path one = Files.write(dir.resolve("one"), new byte[] {0x1f});
        try (ReplayReader reader = ReplayReader.open(empty)) {
            assertThat(reader.nextLine()).isNull();
        }
        try (ReplayReader reader = ReplayReader.open(one)) {
            assertThat(reader.gzip()).isFalse();
            assertThat(reader.nextLine()).isEqualTo("\u001f");
        }
    }

    @Test
    void aLineOverTheLimitComesBackAsAnExcerptAndTheNextLinesAreIntact() throws IOException {
        Path file = dir.resolve("huge.jsonl");
        String huge = "{\"id\":\"" + "é".repeat(600_000) + "\"}"; // 1,200,009 UTF-8 bytes, 600,009 chars
        Files.writeString(file, "{\"a\":1}\n" + huge + "\r\n" + "x".repeat(100) + "\n{\"b\":2}", StandardCharsets.UTF_8);
        try (ReplayReader reader = ReplayReader.open(file, 1000)) {
            assertThat(reader.next()).isEqualTo(new ReplayReader.Line("{\"a\":1}", 7, false));
            ReplayReader.Line cut = reader.next();
            assertThat(cut.oversized()).isTrue();
            assertThat(cut.bytes()).isEqualTo(1_200_010L); // with its \r: an oversized line is not trimmed
            assertThat(cut.text()).hasSize(ReplayReader.EXCERPT_CHARS).isEqualTo(huge.substring(0, 256));
            assertThat(reader.next()).isEqualTo(new ReplayReader.Line("x".repeat(100), 100, false));
            assertThat(reader.next()).isEqualTo(new ReplayReader.Line("{\"b\":2}", 7, false));
            assertThat(reader.next()).isNull();
        }
        // exactly at the limit is accepted; one byte more is not
        Files.writeString(file, "y".repeat(1000) + "\n" + "y".repeat(1001), StandardCharsets.UTF_8);
        try (ReplayReader reader = ReplayReader.open(file, 1000)) {
            assertThat(reader.next().oversized()).isFalse();
            assertThat(reader.next()).isEqualTo(new ReplayReader.Line("y".repeat(256), 1001, true));
        }
    }

    @Test
    void linesAcrossTheReadBufferAreWholeWithTheirByteCounts() throws IOException {
        // 40 lines of 1..12,000 chars, some two-byte, CRLF and LF: dozens of lines and terminators straddle the
        // reader's 65,536-char refills (a \r at the end of one refill, its \n at the start of the next included)
        List<String> lines = new ArrayList<>();
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            String line = (i % 3 == 0 ? "é" : "x").repeat(1 + (i * 7_919) % 12_000) + i;
            lines.add(line);
            content.append(line).append(i % 2 == 0 ? "\r\n" : "\n");
        }
        int refill = 65_536;
        int crAt = content.indexOf("\r\n");
        content.insert(0, "y".repeat(refill - 1 - crAt)); // the first \r now ends the first refill
        lines.set(0, "y".repeat(refill - 1 - crAt) + lines.get(0));
        Path file = Files.writeString(dir.resolve("long-lines.jsonl"), content, StandardCharsets.UTF_8);
        try (ReplayReader reader = ReplayReader.open(file, 100_000)) {
            for (String expected : lines) {
                assertThat(reader.next()).isEqualTo(new ReplayReader.Line(expected,
                        expected.getBytes(StandardCharsets.UTF_8).length, false));
            }
            assertThat(reader.next()).isNull();
        }
    }

    private static List<String> readAll(ReplayReader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = reader.nextLine(); line != null; line = reader.nextLine()) {
            lines.add(line);
        }
        return lines;
    }
}
