package dev.featurestore.discovery;

import dev.featurestore.error.UsageException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rule for consumer names ({@code consumer: churn-model}): what a usage line may record. */
public final class Consumers {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String RULE = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private Consumers() {
    }

    /** The name checked, or empty when none was given (null or blank). */
    public static Optional<String> check(String consumer) {
        if (consumer == null || consumer.isEmpty()) {
            return Optional.empty();
        }
        if (!NAME.matcher(consumer).matches()) {
            String shown = consumer.length() > 40 ? consumer.substring(0, 40) + "..." : consumer;
            shown = shown.replaceAll("[^\\x20-\\x7e]", "?");
            throw new UsageException("Cannot record the reader: consumer '" + shown + "' is not a valid name (" + RULE + ")");
        }
        return Optional.of(consumer);
    }
}
