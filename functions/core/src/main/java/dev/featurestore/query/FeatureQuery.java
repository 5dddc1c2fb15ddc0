package dev.featurestore.query;

import dev.featurestore.ids.Identifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The arguments of get_features for one group and org, as the engines receive them (after the caller's org was
 * decided: the body's {@code org} on a local server, the caller's identity on AWS).
 *
 * @param version the version to read; empty for the current one (or the one current at {@code asOf})
 * @param asOf    read the version that was current at this instant; empty for now
 * @param limit   at most this many rows; empty for all
 * @param pii     the fields marked {@code pii: true} in the group's config: globs never select them, only their
 *                name in {@code features} does
 */
public record FeatureQuery(String group, String org, Optional<String> version, Optional<Instant> asOf,
                           List<String> features, List<String> exclude, List<String> filters, OptionalLong limit,
                           ResultFormat format, List<String> pii) {

    /** A query without personal-data fields to protect. */
    public FeatureQuery(String group, String org, Optional<String> version, Optional<Instant> asOf, List<String> features,
                        List<String> exclude, List<String> filters, OptionalLong limit, ResultFormat format) {
        this(group, org, version, asOf, features, exclude, filters, limit, format, List.of());
    }

    public FeatureQuery {
        Identifier.GROUP.require("read features", group);
        Identifier.ORG.require("read features", org);
        Objects.requireNonNull(version, "version");
        version.ifPresent(v -> Identifier.VERSION.require("read features", v));
        Objects.requireNonNull(asOf, "asOf");
        features = List.copyOf(features);
        exclude = List.copyOf(exclude);
        filters = List.copyOf(filters);
        pii = List.copyOf(pii);
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(format, "format");
        if (limit.isPresent() && limit.getAsLong() < 0) {
            throw new IllegalArgumentException("Cannot create a query with limit " + limit.getAsLong() + ": need >= 0");
        }
    }

    public static Builder builder(String group, String org) {
        return new Builder(group, org);
    }

    /** A copy reading an explicit version (the engine resolved "current" or "as of"). */
    public FeatureQuery withVersion(String resolved) {
        return new FeatureQuery(group, org, Optional.of(resolved), asOf, features, exclude, filters, limit, format, pii);
    }

    /** A copy that leaves {@code fields} (the config's {@code pii: true} fields) out of glob selections. */
    public FeatureQuery withPii(List<String> fields) {
        return new FeatureQuery(group, org, version, asOf, features, exclude, filters, limit, format, fields);
    }

    public static final class Builder {
        private final String group;
        private final String org;
        private String version;
        private Instant asOf;
        private final List<String> features = new ArrayList<>();
        private final List<String> exclude = new ArrayList<>();
        private final List<String> filters = new ArrayList<>();
        private Long limit;
        private ResultFormat format = ResultFormat.JSON;
        private List<String> pii = List.of();

        private Builder(String group, String org) {
            this.group = group;
            this.org = org;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder asOf(Instant asOf) {
            this.asOf = asOf;
            return this;
        }

        public Builder features(List<String> names) {
            features.addAll(names);
            return this;
        }

        public Builder features(String... names) {
            return features(List.of(names));
        }

        public Builder exclude(List<String> names) {
            exclude.addAll(names);
            return this;
        }

        public Builder exclude(String... names) {
            return exclude(List.of(names));
        }

        public Builder filters(List<String> conditions) {
            filters.addAll(conditions);
            return this;
        }

        public Builder filters(String... conditions) {
            return filters(List.of(conditions));
        }

        public Builder limit(long limit) {
            this.limit = limit;
            return this;
        }

        public Builder format(ResultFormat format) {
            this.format = format;
            return this;
        }

        /** The config's {@code pii: true} fields: selected only when named in features. */
        public Builder pii(List<String> fields) {
            this.pii = List.copyOf(fields);
            return this;
        }

        public FeatureQuery build() {
            return new FeatureQuery(group, org, Optional.ofNullable(version), Optional.ofNullable(asOf), features,
                    exclude, filters, limit == null ? OptionalLong.empty() : OptionalLong.of(limit), format, pii);
        }
    }
}
