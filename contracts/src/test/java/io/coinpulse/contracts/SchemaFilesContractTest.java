package io.coinpulse.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each schema file is a valid draft 2020-12 schema that names every field it requires. */
class SchemaFilesContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema META_SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    @ParameterizedTest
    @EnumSource(TopicSchema.class)
    void conformsToTheDraft202012MetaSchema(TopicSchema topic) throws IOException {
        JsonNode schema = read(topic);
        assertThat(META_SCHEMA.validate(schema)).isEmpty();
        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("$id").asText()).endsWith("/" + topic.resource());
    }

    @ParameterizedTest
    @EnumSource(TopicSchema.class)
    void describesEveryRequiredFieldAndAllowsUnknownOnes(TopicSchema topic) throws IOException {
        JsonNode schema = read(topic);
        List<String> required = new ArrayList<>();
        schema.get("required").forEach(name -> required.add(name.asText()));
        assertThat(required).isNotEmpty().allSatisfy(name -> assertThat(schema.get("properties").has(name)).isTrue());
        assertThat(schema.has("additionalProperties")).isFalse();
        assertThat(schema.get("type").asText()).isEqualTo("object");
    }

    private static JsonNode read(TopicSchema topic) throws IOException {
        try (InputStream in = TopicSchema.class.getClassLoader().getResourceAsStream(topic.resource())) {
            assertThat(in).as(topic.resource()).isNotNull();
            return JSON.readTree(in);
        }
    }
}
