package io.coinpulse.query.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service with two API keys configured ({@code coinpulse.api.keys}). */
public class ApiKeysProfile implements QuarkusTestProfile {

    public static final String KEY_A = "k-3f9a1c7e5b";
    public static final String KEY_B = "second-key-77";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("coinpulse.api.keys", KEY_A + ", " + KEY_B);
    }
}
