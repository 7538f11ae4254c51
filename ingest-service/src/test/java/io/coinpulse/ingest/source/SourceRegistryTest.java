package io.coinpulse.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceRegistryTest {

    private static final Set<String> KNOWN = Set.of("replay", "synthetic");

    @Test
    void namesAreTrimmedLowerCasedAndKeptOnceInOrder() {
        assertThat(SourceRegistry.resolve(List.of(" Synthetic", "replay", "synthetic", ""), KNOWN))
                .containsExactly("synthetic", "replay");
    }

    @Test
    void anUnknownNameFailsWithTheAvailableOnes() {
        assertThatThrownBy(() -> SourceRegistry.resolve(List.of("synthetic", "binanse"), KNOWN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Unknown ingest source 'binanse' in coinpulse.ingest.sources (COINPULSE_INGEST_SOURCES);"
                        + " available: replay, synthetic");
    }

    @Test
    void noNameAtAllFails() {
        assertThatThrownBy(() -> SourceRegistry.resolve(List.of(" "), KNOWN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("names no source");
    }
}
