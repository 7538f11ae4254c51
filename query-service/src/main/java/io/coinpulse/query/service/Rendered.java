package io.coinpulse.query.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A response body serialised once, with its strong ETag (a hash of the bytes): what the hot-read
 * cache holds, so a cache hit costs neither a query nor a serialisation.
 *
 * @param json the body, JSON
 * @param etag the entity tag's value, without quotes
 */
public record Rendered(byte[] json, String etag) {

    /** Serialises {@code body} with {@code mapper} (the one Quarkus REST uses). */
    public static Rendered of(ObjectMapper mapper, Object body) {
        try {
            byte[] json = mapper.writeValueAsBytes(body);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json);
            return new Rendered(json, Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 27));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialising a " + body.getClass().getSimpleName(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
