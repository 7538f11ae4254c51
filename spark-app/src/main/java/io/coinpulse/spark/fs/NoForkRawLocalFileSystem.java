package io.coinpulse.spark.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system without a child process per file. Without Hadoop's native library
 * (which no Spark distribution on the classpath ships), {@link RawLocalFileSystem} runs {@code chmod}
 * for every file it creates with a permission and {@code readlink} twice for every rename through
 * {@code FileContext}: a JFR profile of the stream job showed such forks on the executor threads
 * (state-store changelog commits) and the stream execution threads (offset, commit and file-sink
 * logs) of every micro-batch. The same operations through {@code java.nio} give the same result.
 */
public class NoForkRawLocalFileSystem extends RawLocalFileSystem {

    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
        short mode = permission.toShort();
        if ((mode & ~0777) != 0) {
            // sticky bit and the like: java.nio cannot set them
            super.setPermission(p, permission);
            return;
        }
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(BITS[bit]);
            }
        }
        try {
            Files.setPosixFilePermissions(pathToFile(p).toPath(), set);
        } catch (UnsupportedOperationException e) {
            super.setPermission(p, permission);
        }
    }

    /** A file that is not a symbolic link is its own link status; only links go through {@code readlink}. */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
        if (Files.isSymbolicLink(pathToFile(f).toPath())) {
            return super.getFileLinkStatus(f);
        }
        return getFileStatus(f);
    }
}
