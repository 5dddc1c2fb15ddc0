package dev.featurestore.version;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.featurestore.error.DataException;
import java.io.IOException;

/** The JSON form of manifests, run records, pointers: snake_case keys, pretty printed, tolerant readers. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new Jdk8Module())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    static <T> T read(byte[] bytes, Class<T> type, String key) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new DataException("Cannot read " + key + ": not a valid " + type.getSimpleName() + " (" + e.getMessage() + ")", e);
        }
    }
}
