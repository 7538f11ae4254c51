package io.coinpulse.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A free port is handed out once per JVM, and never one reserved for a part started elsewhere. */
class PortsTest {

    @Test
    void freePortsAreNeverHandedOutTwiceNorReservedOnes() {
        int reserved = Ports.free() + 1;
        Ports.reserve(reserved, 0, -1);
        Set<Integer> given = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            int port = Ports.free();
            assertThat(port).isBetween(1, 65535);
            assertThat(given.add(port)).as("port %d handed out twice", port).isTrue();
        }
        assertThat(given).doesNotContain(reserved);
    }
}
