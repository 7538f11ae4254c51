package io.coinpulse.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * {@code kafka-storage format} with the admin's SCRAM credential added from the secrets file, so the
 * password never appears on a command line. Runs in a child JVM on the broker's classpath.
 * Arguments: {@code secretsFile storageToolArgs...}.
 */
public final class StorageFormat {

    private StorageFormat() {
    }

    public static void main(String[] args) throws IOException {
        Properties secrets = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            secrets.load(in);
        }
        List<String> storageArgs = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        storageArgs.add("--add-scram=SCRAM-SHA-512=[name=" + KafkaBroker.ADMIN_USER + ",password="
                + secrets.getProperty(KafkaBroker.ADMIN_PASSWORD_KEY) + "]");
        kafka.tools.StorageTool.main(storageArgs.toArray(String[]::new));
    }
}
