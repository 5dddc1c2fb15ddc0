package dev.featurestore.discovery;

import java.util.List;
import java.util.Objects;

/**
 * One read of a group: which fields it returned, for whom, when and how many rows. {@code consumer} is the
 * name the reader gave ({@code consumer: churn-model}), empty when none; {@code caller} is who asked (the
 * IAM principal on AWS, {@code local} for the CLI and {@code serve}).
 *
 * @param at ISO-8601 instant in UTC
 */
public record UsageRecord(String group, String org, List<String> fields, String consumer, String caller,
                          String at, long rows) {
    public UsageRecord {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(org, "org");
        fields = List.copyOf(fields);
        consumer = consumer == null ? "" : consumer;
        caller = caller == null ? "" : caller;
        Objects.requireNonNull(at, "at");
    }

    /** The consumer's name, or the caller's identity when the read named no consumer. */
    public String reader() {
        return consumer.isEmpty() ? (caller.isEmpty() ? "(unnamed)" : caller) : consumer;
    }
}
