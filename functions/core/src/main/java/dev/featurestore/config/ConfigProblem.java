package dev.featurestore.config;

/** One thing wrong with a config file: where ({@code file}, dotted {@code key}) and what to do about it. */
public record ConfigProblem(String file, String key, String message) {
    @Override
    public String toString() {
        return file + ": " + (key.isEmpty() ? "" : key + ": ") + message;
    }
}
