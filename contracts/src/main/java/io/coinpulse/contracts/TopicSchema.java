package io.coinpulse.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Set;

/**
 * The JSON Schema (draft 2020-12) of each Kafka topic's record, loaded from {@code schemas/*.schema.json} on the
 * classpath. A record conforms when {@link #validate} finds nothing.
 */
public enum TopicSchema {

    /** {@code crypto.ticks}: the canonical tick of SPEC §3, also a line of a replay file. */
    TICK("crypto.ticks", "tick.schema.json"),
    /** {@code crypto.metrics}: one update of a window's metrics. */
    WINDOW_UPDATE("crypto.metrics", "window-update.schema.json"),
    /** {@code crypto.alerts}: an anomaly alert. */
    ALERT("crypto.alerts", "alert.schema.json"),
    /** {@code crypto.ticks.dlq}: a rejected input with its reason. */
    DEAD_LETTER("crypto.ticks.dlq", "dead-letter.schema.json");

    /** The folder of the schema files on the classpath. */
    public static final String FOLDER = "schemas/";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final String topic;
    private final String file;
    private volatile JsonSchema schema;

    TopicSchema(String topic, String file) {
        this.topic = topic;
        this.file = file;
    }

    /** The default name of the topic whose records this schema describes. */
    public String topic() {
        return topic;
    }

    /** The schema file's classpath resource name, e.g. {@code schemas/tick.schema.json}. */
    public String resource() {
        return FOLDER + file;
    }

    /** The loaded schema. */
    public JsonSchema schema() {
        JsonSchema loaded = schema;
        if (loaded == null) {
            loaded = FACTORY.getSchema(SchemaLocation.of("classpath:" + resource()));
            schema = loaded;
        }
        return loaded;
    }

    /**
     * Every way the record breaks the schema; empty when it conforms.
     *
     * @throws IllegalArgumentException when {@code json} is not JSON at all
     */
    public Set<ValidationMessage> validate(String json) {
        JsonNode record;
        try {
            record = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        return validate(record);
    }

    /** Every way the parsed record breaks the schema; empty when it conforms. */
    public Set<ValidationMessage> validate(JsonNode record) {
        return schema().validate(record);
    }
}
