package io.coinpulse.query.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Puts the topics' JSON Schemas of the contracts module into the OpenAPI document's components, so the live
 * stream's events are described by the very files the producers and consumers are tested against (OpenAPI 3.1
 * schemas are JSON Schema 2020-12). Registered with {@code mp.openapi.filter}.
 */
public class ContractSchemas implements OASFilter {

    /** Component name → the schema file on the classpath whose record a stream event's {@code data} holds. */
    static final Map<String, String> RECORDS = Map.of(
            "WindowUpdateRecord", "schemas/window-update.schema.json",
            "AlertRecord", "schemas/alert.schema.json");

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        RECORDS.forEach((name, resource) -> {
            Schema schema = OASFactory.createSchema();
            schema.setAll(component(resource));
            openAPI.getComponents().addSchema(name, schema);
        });
    }

    /** The schema file as a component: without {@code $schema} and {@code $id}, which belong to a document's root. */
    static Map<String, Object> component(String resource) {
        try (InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path (module contracts)");
            }
            Map<String, Object> schema = new LinkedHashMap<>(JSON.readValue(in, new TypeReference<Map<String, Object>>() { }));
            schema.remove("$schema");
            schema.remove("$id");
            return schema;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
