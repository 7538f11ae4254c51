package io.coinpulse.spark.analytics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.util.Map;

/**
 * Column {@code window_indicators.indicators} (migration V17): a JSON object of indicator name →
 * value, {@code null} while the indicator is undefined.
 */
final class IndicatorsJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Double>> VALUES = new TypeReference<>() {
    };

    private IndicatorsJson() {
    }

    /** The object of {@code values}, in their order; a null value stays {@code null}. */
    static String write(Map<String, Double> values) throws SQLException {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new SQLException("indicator values not writable as JSON: " + values, e);
        }
    }

    /** The values of a stored object, by name. */
    static Map<String, Double> read(String json) throws SQLException {
        try {
            return JSON.readValue(json, VALUES);
        } catch (JsonProcessingException e) {
            throw new SQLException("window_indicators.indicators is not a JSON object of numbers: " + json, e);
        }
    }
}
