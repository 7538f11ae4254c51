package io.coinpulse.spark.fs;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.local.LocalConfigKeys;

/**
 * {@code fs.AbstractFileSystem.file.impl} (the {@code FileContext} side, which Spark's checkpoint
 * files go through): Hadoop's checksummed {@code LocalFs} over {@link NoForkRawLocalFileSystem}.
 */
public class NoForkLocalFs extends ChecksumFs {

    /** The Spark settings that put these file systems behind {@code file:} URIs. */
    public static final Map<String, String> SPARK_CONF = Map.of(
            "spark.hadoop.fs.file.impl", NoForkLocalFileSystem.class.getName(),
            "spark.hadoop.fs.AbstractFileSystem.file.impl", NoForkLocalFs.class.getName());

    public NoForkLocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
        super(new Raw(uri, conf));
    }

    public NoForkLocalFs(Configuration conf) throws IOException, URISyntaxException {
        this(URI.create("file:///"), conf);
    }

    /** Hadoop's {@code RawLocalFs} with the file system above. */
    static final class Raw extends DelegateToFileSystem {

        Raw(URI uri, Configuration conf) throws IOException, URISyntaxException {
            super(uri, new NoForkRawLocalFileSystem(), conf, "file", false);
        }

        @Override
        public int getUriDefaultPort() {
            return -1;
        }

        @Override
        @SuppressWarnings("deprecation")
        public FsServerDefaults getServerDefaults() throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public FsServerDefaults getServerDefaults(Path f) throws IOException {
            return LocalConfigKeys.getServerDefaults();
        }

        @Override
        public boolean isValidName(String src) {
            // the local file system accepts names HDFS would not (e.g. with ':'), as Hadoop's RawLocalFs
            return true;
        }
    }
}
