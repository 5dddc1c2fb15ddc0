package dev.featurestore.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a config key of the file model accepts beyond its Java type, and the fix each problem names. Read by
 * {@link ModelCheck} (messages) and {@link ConfigSchema} (the JSON Schema): declared once, here, on the model.
 * Whether a key is required is Jackson's {@code @JsonProperty(required = true)}; its help text is
 * {@code @JsonPropertyDescription}. Messages may use {@code ${file}} (the file's base name), {@code ${value}}
 * (the offending value) and {@code ${types}} (the known field types).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface KeyRules {
    /** The fix when a required key is missing: reported as {@code missing (<missing>)}. */
    String missing() default "";

    /** The whole message when the value has the wrong shape or is out of range. */
    String shape() default "";

    /** The whole message for a wrong entry of a list or mapping. */
    String item() default "";

    /** The whole message when the list or mapping is empty: it must not be. */
    String empty() default "";

    /** An absent optional key counts as empty (reported with {@link #empty()}). */
    boolean absentIsEmpty() default false;

    /** Smallest allowed number (none when NaN). */
    double min() default Double.NaN;

    /** Largest allowed number (none when NaN). */
    double max() default Double.NaN;

    /** Whether {@link #min()} itself is excluded. */
    boolean exclusiveMin() default false;

    /** This string may also be written as a whole number (e.g. a size: 10GB or 10000000000). */
    boolean orInteger() default false;

    /** The entries of this list must be strings as written (quoted or not), not numbers or booleans. */
    boolean textItems() default false;

    /** The entries of this mapping (or list) may be one string or a list of strings. */
    boolean oneOrMany() default false;
}
