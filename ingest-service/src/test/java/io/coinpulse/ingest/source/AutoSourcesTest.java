package io.coinpulse.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AutoSourcesTest {

    @Test
    void noLiveSourceAnswersMeansSyntheticAndOneLineSayingSo() {
        Map<String, Optional<String>> probes = new LinkedHashMap<>();
        probes.put("binance", Optional.of("ConnectException: Connection refused"));
        probes.put("coingecko", Optional.of("UnknownHostException: api.coingecko.com"));
        AutoSources.Choice choice = AutoSources.choose(probes);
        assertThat(choice.sources()).containsExactly("synthetic");
        assertThat(choice.line()).isEqualTo("coinpulse: no network: live sources unreachable, running on synthetic data");
        assertThat(AutoSources.choose(Map.of()).sources()).containsExactly("synthetic");
    }

    @Test
    void theSourcesThatAnswerAreEnabledInOrder() {
        Map<String, Optional<String>> probes = new LinkedHashMap<>();
        probes.put("binance", Optional.of("HTTP 451"));
        probes.put("coinbase", Optional.empty());
        probes.put("kraken", Optional.empty());
        probes.put("coingecko", Optional.of("timeout"));
        AutoSources.Choice choice = AutoSources.choose(probes);
        assertThat(choice.sources()).containsExactly("coinbase", "kraken");
        assertThat(choice.line()).isEqualTo("coinpulse: live sources: coinbase, kraken (unreachable: binance, coingecko)");

        probes.put("binance", Optional.empty());
        probes.put("coingecko", Optional.empty());
        assertThat(AutoSources.choose(probes).line()).isEqualTo("coinpulse: live sources: binance, coinbase, kraken, coingecko");
    }
}
