package io.coinpulse.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A secure broker's TLS material, made at its first start with the JDK's keytool: a CA, the broker's
 * certificate for 127.0.0.1/localhost signed by it in {@code broker.p12}, and the CA's PEM certificate
 * {@code ca.crt} for clients. The store password goes through the environment, never a command line.
 */
final class BrokerCertificates {

    private BrokerCertificates() {
    }

    static void generate(Path dir, String storePassword) {
        Map<String, String> env = Map.of("COINPULSE_STOREPASS", storePassword);
        String ca = dir.resolve("ca.p12").toString();
        String broker = dir.resolve("broker.p12").toString();
        String csr = dir.resolve("broker.csr").toString();
        String signed = dir.resolve("broker.crt").toString();
        String caPem = dir.resolve("ca.crt").toString();
        Path log = dir.resolve("keytool.log");
        keytool(env, log, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=coinpulse devstack CA", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign",
                "-storetype", "PKCS12", "-keystore", ca);
        keytool(env, log, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-file", caPem);
        keytool(env, log, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", broker);
        keytool(env, log, "-certreq", "-alias", "broker", "-keystore", broker, "-file", csr);
        keytool(env, log, "-gencert", "-alias", "ca", "-keystore", ca, "-infile", csr, "-outfile", signed, "-rfc",
                "-validity", "3650", "-ext", "san=ip:127.0.0.1,dns:localhost",
                "-ext", "ku:c=digitalSignature,keyEncipherment", "-ext", "eku=serverAuth");
        keytool(env, log, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem, "-keystore", broker);
        keytool(env, log, "-importcert", "-noprompt", "-alias", "broker", "-file", signed, "-keystore", broker);
        try {
            // the CA's key signs nothing else: no one can mint another certificate the clients trust
            Files.delete(Path.of(ca));
            Files.delete(Path.of(csr));
            Files.delete(Path.of(signed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keytool(Map<String, String> env, Path log, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.add("-storepass:env");
        command.add("COINPULSE_STOREPASS");
        JavaProcess.run("keytool " + args[0], command, env, log, 120);
    }
}
