package dev.featurestore.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record of the file model that may be written as one scalar, short for a mapping holding only the key
 * {@link #value()}: {@code age: int} means {@code age: {type: int}}. {@link #longForm()} says whether the
 * mapping itself is accepted too (then more keys — description, owner, ... — are just more record components).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface ShortForm {
    String value();

    boolean longForm() default false;
}
