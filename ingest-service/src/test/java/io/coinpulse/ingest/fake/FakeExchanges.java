package io.coinpulse.ingest.fake;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The fake exchanges of one test: WireMock for the REST APIs and {@link FakeWebSockets} for the streams,
 * injected into the test by {@link FakeExchangesResource}.
 */
public record FakeExchanges(WireMockServer http, FakeWebSockets ws) {

    /** Keys the fakes demand; they must never show up in logs, health or metrics. */
    public static final String COINCAP_KEY = "cc-test-key-5f0e9d";
    public static final String COINGECKO_KEY = "cg-test-key-81c4a2";
    public static final String COINAPI_KEY = "ca-test-key-3b77e1";

    public FakeWebSockets.Stream binance() {
        return ws.stream("/binance/stream");
    }

    public FakeWebSockets.Stream coinbase() {
        return ws.stream("/coinbase");
    }

    public FakeWebSockets.Stream kraken() {
        return ws.stream("/kraken/v2");
    }

    public FakeWebSockets.Stream coincapPrices() {
        return ws.stream("/coincap/prices");
    }
}
