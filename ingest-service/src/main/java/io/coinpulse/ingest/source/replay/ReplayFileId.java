package io.coinpulse.ingest.source.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What makes a replay file the same one again: its absolute path, its size and the SHA-256 of its first
 * {@value #HEAD_BYTES} bytes (as stored, gzip or not). A file rewritten in place, grown or shrunk is another file.
 *
 * @param path    absolute, normalised
 * @param size    bytes
 * @param headSha256 hex SHA-256 of the head
 */
record ReplayFileId(String path, long size, String headSha256) {

    static final int HEAD_BYTES = 1 << 16;

    static ReplayFileId of(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(absolute)) {
            digest.update(in.readNBytes(HEAD_BYTES));
        }
        return new ReplayFileId(absolute.toString(), Files.size(absolute), HexFormat.of().formatHex(digest.digest()));
    }
}
