package io.coinpulse.ingest.source.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayPositionStoreTest {

    @TempDir
    Path dir;

    private Path replayFile(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void aSavedPositionIsReadBackFieldByFieldAndResumesThatFile() throws IOException {
        Path file = replayFile("ticks.jsonl", "{\"a\":1}\n{\"a\":2}\n");
        ReplayFileId id = ReplayFileId.of(file);
        ReplayPositionStore store = ReplayPositionStore.besideJournal(dir.resolve("state/ingest-journal"));
        store.save(id, 1234);

        assertThat(store.location()).isEqualTo(dir.resolve("state/ingest-journal.replay-position"));
        ReplayPositionStore.Saved saved = store.read().orElseThrow();
        assertThat(saved.lines()).isEqualTo(1234);
        assertThat(saved.file().path()).isEqualTo(file.toAbsolutePath().toString());
        assertThat(saved.file().size()).isEqualTo(16);
        // sha256sum of the two lines
        assertThat(saved.file().headSha256()).isEqualTo(sha256Hex("{\"a\":1}\n{\"a\":2}\n"));
        assertThat(saved.file()).isEqualTo(id);
        assertThat(store.resumeAt(id)).isEqualTo(new ReplayPositionStore.Resume(1234,
                "resuming after line 1234, acknowledged by Kafka before the last stop"));

        store.save(id, 5000);
        assertThat(store.read().orElseThrow().lines()).isEqualTo(5000);
        assertThat(Files.list(store.location().getParent())).containsExactly(store.location());
    }

    @Test
    void withNothingSavedAReplayStartsAtTheBeginning() throws IOException {
        ReplayPositionStore store = new ReplayPositionStore(dir.resolve("position"));
        assertThat(store.read()).isEmpty();
        assertThat(store.resumeAt(ReplayFileId.of(replayFile("a.jsonl", "x\n"))))
                .isEqualTo(new ReplayPositionStore.Resume(0, "no saved position: replaying from the start"));
    }

    @Test
    void aPositionOfAnotherFileIsNotUsed() throws IOException {
        Path file = replayFile("a.jsonl", "line one\nline two\n");
        ReplayPositionStore store = new ReplayPositionStore(dir.resolve("position"));
        store.save(ReplayFileId.of(file), 2);
        String other = "the saved position is of another file (" + file.toAbsolutePath() + ", 18 bytes):"
                + " replaying from the start";

        // same path and size, another head: rewritten in place
        Files.writeString(file, "line ONE\nline two\n");
        assertThat(store.resumeAt(ReplayFileId.of(file))).isEqualTo(new ReplayPositionStore.Resume(0, other));
        // same head, grown
        Files.writeString(file, "line one\nline two\nline three\n");
        assertThat(store.resumeAt(ReplayFileId.of(file))).isEqualTo(new ReplayPositionStore.Resume(0, other));
        // same content, another path
        Path copy = replayFile("b.jsonl", "line one\nline two\n");
        assertThat(store.resumeAt(ReplayFileId.of(copy))).isEqualTo(new ReplayPositionStore.Resume(0, other));
        // the file itself again
        Files.writeString(file, "line one\nline two\n");
        assertThat(store.resumeAt(ReplayFileId.of(file)).lines()).isEqualTo(2);
    }

    @Test
    void everyTornWriteIsRecognisedAndReplaysFromTheStart() throws IOException {
        ReplayFileId id = ReplayFileId.of(replayFile("a.jsonl", "x\n"));
        ReplayPositionStore store = new ReplayPositionStore(dir.resolve("position"));
        store.save(id, 77);
        byte[] whole = Files.readAllBytes(store.location());

        for (int length = 0; length < whole.length; length++) {
            Files.write(store.location(), Arrays.copyOf(whole, length));
            assertThatThrownBy(store::read).as("the first %d bytes", length)
                    .isInstanceOf(ReplayPositionStore.InvalidPosition.class);
            ReplayPositionStore.Resume resume = store.resumeAt(id);
            assertThat(resume.lines()).isZero();
            assertThat(resume.reason()).startsWith("the saved position " + store.location() + " is unreadable (")
                    .endsWith("): replaying from the start");
        }
    }

    @Test
    void aChangedByteFailsTheChecksum() throws IOException {
        ReplayFileId id = ReplayFileId.of(replayFile("a.jsonl", "x\n"));
        ReplayPositionStore store = new ReplayPositionStore(dir.resolve("position"));
        store.save(id, 77);
        String text = Files.readString(store.location());
        Files.writeString(store.location(), text.replace("lines=77", "lines=97"));

        assertThatThrownBy(store::read).isInstanceOf(ReplayPositionStore.InvalidPosition.class)
                .hasMessage("checksum mismatch: a torn write");
        assertThat(store.resumeAt(id)).isEqualTo(new ReplayPositionStore.Resume(0, "the saved position "
                + store.location() + " is unreadable (checksum mismatch: a torn write): replaying from the start"));
    }

    @Test
    void aClearedPositionIsGone() throws IOException {
        ReplayFileId id = ReplayFileId.of(replayFile("a.jsonl", "x\n"));
        ReplayPositionStore store = new ReplayPositionStore(dir.resolve("position"));
        store.save(id, 3);
        store.clear();
        assertThat(store.location()).doesNotExist();
        assertThat(store.resumeAt(id).lines()).isZero();
        store.clear(); // nothing to clear is fine
    }

    @Test
    void theFileIdHashesOnlyTheHead() throws IOException {
        byte[] head = new byte[ReplayFileId.HEAD_BYTES];
        Arrays.fill(head, (byte) 'a');
        Path file = dir.resolve("big.jsonl");
        Files.write(file, concat(head, "tail one\n".getBytes(StandardCharsets.UTF_8)));
        ReplayFileId before = ReplayFileId.of(file);
        Files.write(file, concat(head, "tail two\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(ReplayFileId.of(file)).isEqualTo(before);
        assertThat(before.headSha256()).isEqualTo(sha256Hex(new String(head, StandardCharsets.US_ASCII)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String sha256Hex(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
