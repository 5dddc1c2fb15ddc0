package dev.featurestore.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One key of a file-model record as the YAML spells it (snake_case unless {@code @JsonProperty} names it). */
record ModelProperty(String name, Type type, boolean required, Optional<KeyRules> rules, String description) {

    static List<ModelProperty> of(Class<?> record) {
        List<ModelProperty> props = new ArrayList<>();
        for (RecordComponent rc : record.getRecordComponents()) {
            JsonProperty json = rc.getAccessor().getAnnotation(JsonProperty.class);
            JsonPropertyDescription doc = rc.getAccessor().getAnnotation(JsonPropertyDescription.class);
            String name = json != null && !json.value().isEmpty() ? json.value() : snake(rc.getName());
            props.add(new ModelProperty(name, rc.getGenericType(), json != null && json.required(),
                    Optional.ofNullable(rc.getAnnotation(KeyRules.class)), doc == null ? "" : doc.value()));
        }
        return props;
    }

    static List<String> names(Class<?> record) {
        return of(record).stream().map(ModelProperty::name).toList();
    }

    static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    /** The element type of a List, or the value type of a Map. */
    static Type element(Type type) {
        Type[] args = ((ParameterizedType) type).getActualTypeArguments();
        return args[args.length - 1];
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
