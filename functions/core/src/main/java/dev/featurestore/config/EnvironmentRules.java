package dev.featurestore.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value rules of an environment file that its shape cannot say (names, ARNs, sizes, orgs that are
 * deployed), and the {@link EnvironmentConfig} built from an {@link EnvironmentFile} that passes them.
 */
final class EnvironmentRules {
    static final Pattern ENV = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    static final Pattern DATABASE = Pattern.compile("[a-z0-9_]{1,255}");
    static final Pattern WORKGROUP = Pattern.compile("[a-zA-Z0-9._-]{1,128}");
    static final Pattern PRINCIPAL = Pattern.compile("arn:aws[a-z-]*:(iam|sts)::(\\d{12}|\\*):(role|user|assumed-role)/.+");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?");

    /** Athena's smallest allowed per-query cutoff: 10 MB. */
    static final long MIN_CUTOFF = 10_000_000L;

    private final String f;
    private final List<ConfigProblem> problems;

    EnvironmentRules(String displayName, List<ConfigProblem> problems) {
        this.f = displayName;
        this.problems = problems;
    }

    Optional<EnvironmentConfig> toConfig(EnvironmentFile file, java.nio.file.Path source) {
        int before = problems.size();
        String expected = source.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = file.environment();
        if (name != null && !ENV.matcher(name).matches()) {
            problem("environment", "'" + name + "' is not a valid environment name (lowercase letters, digits and -, starting with a letter, at most 20)");
        } else if (name != null && !name.equals(expected)) {
            problem("environment", "'" + name + "' does not match the file name (rename the file to " + name + ".yaml or set environment: " + expected + ")");
        }
        Optional<String> account = Optional.ofNullable(file.account());
        account.filter(a -> !ACCOUNT.matcher(a).matches()).ifPresent(a -> problem("account", "'" + a
                + "' is not a 12-digit AWS account id (quote it, e.g. account: \"123456789012\", or remove the key to use the account of your credentials)"));
        String region = file.region();
        if (region != null && !REGION.matcher(region).matches()) {
            problem("region", "'" + region + "' is not an AWS region (e.g. eu-central-1, us-east-1)");
        }
        String bucket = file.bucket();
        if (bucket != null) {
            String sample = bucket.replace("{account}", "123456789012").replace("{region}", region == null ? "eu-central-1" : region);
            if (sample.matches(".*\\{[^}]*}.*")) {
                problem("bucket", "'" + bucket + "' has an unknown placeholder (only {account} and {region} are replaced)");
            } else if (!BUCKET.matcher(sample).matches() || sample.contains("..")) {
                problem("bucket", "'" + bucket + "' is not a valid S3 bucket name (3-63 lowercase letters, digits, - and ., e.g. featurestore-" + expected + "-{account}-{region})");
            }
        }
        String database = file.glueDatabase();
        if (database != null && !DATABASE.matcher(database).matches()) {
            problem("glue_database", "'" + database + "' is not a valid Glue database name for Athena (lowercase letters, digits and _)");
        }
        EnvironmentConfig.Athena athena = athena(file.athena());
        EnvironmentConfig.Sources sources = sources(file.sources());
        List<String> orgs = orgs(file.orgs());
        EnvironmentConfig.OrgAccess access = access(file.access(), orgs);
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < file.alarmEmails().size(); i++) {
            String e = file.alarmEmails().get(i);
            if (e == null || !EMAIL.matcher(e).matches()) {
                problem("alarm_emails[" + i + "]", "'" + e + "' is not an email address");
            } else {
                emails.add(e);
            }
        }
        if (problems.size() > before || name == null || region == null || bucket == null || database == null
                || athena == null || file.orgs() == null || file.access() == null) {
            return Optional.empty();
        }
        return Optional.of(new EnvironmentConfig(name, account, region, bucket, database, athena, file.functions().toConfig(),
                new EnvironmentConfig.Workflow(file.workflow().mapConcurrency(), Duration.ofMinutes(file.workflow().timeoutMinutes())),
                new EnvironmentConfig.Api(file.api().throttleRate(), file.api().throttleBurst()),
                new EnvironmentConfig.Retention(file.retention().stagingDays(), file.retention().queryResultsDays()),
                sources, orgs, access, emails, source));
    }

    private EnvironmentConfig.Athena athena(EnvironmentFile.Athena a) {
        if (a == null) {
            return null;
        }
        String workgroup = a.workgroup();
        if (workgroup != null && !WORKGROUP.matcher(workgroup).matches()) {
            problem("athena.workgroup", "'" + workgroup + "' is not a valid workgroup name (letters, digits, ., _ and -, at most 128)");
        }
        long cutoff = 0;
        String c = a.bytesScannedCutoff();
        if (c != null) {
            Optional<Long> bytes = size(c);
            if (bytes.isEmpty()) {
                problem("athena.bytes_scanned_cutoff", "'" + c + "' is not a size (use bytes or a unit: 500MB, 10GB, 1TiB)");
            } else if (bytes.get() < MIN_CUTOFF) {
                problem("athena.bytes_scanned_cutoff", "'" + c + "' is below Athena's minimum of 10MB (raise it)");
            } else {
                cutoff = bytes.get();
            }
        }
        return new EnvironmentConfig.Athena(workgroup, cutoff);
    }

    /** Bytes from a plain number or a number with a unit (500MB, 10GB, 1TiB); empty when it is neither. */
    static Optional<Long> size(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KB" -> 1_000L;
            case "MB" -> 1_000_000L;
            case "GB" -> 1_000_000_000L;
            case "TB" -> 1_000_000_000_000L;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "TiB" -> 1L << 40;
            default -> 1L;
        };
        try {
            return Optional.of(Math.multiplyExact(Long.parseLong(m.group(1)), unit));
        } catch (ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private List<String> orgs(List<String> list) {
        Set<String> seen = new LinkedHashSet<>();
        if (list == null) {
            return List.of();
        }
        for (int i = 0; i < list.size(); i++) {
            String org = list.get(i);
            if (org == null || !GroupRules.ORG.matcher(org).matches()) {
                problem("orgs[" + i + "]", "'" + org + "' is not a valid org name (lowercase letters, digits, _ and -)");
            } else if (!seen.add(org)) {
                problem("orgs[" + i + "]", "'" + org + "' is listed twice (remove one)");
            }
        }
        return List.copyOf(seen);
    }

    private EnvironmentConfig.Sources sources(EnvironmentFile.Sources s) {
        Optional<String> database = Optional.ofNullable(s.glueDatabase());
        if (database.isPresent() && !DATABASE.matcher(database.get().replace("{org}", "acme")).matches()) {
            problem("sources.glue_database", "'" + database.get() + "' is not a valid Glue database name (lowercase letters, digits and _; {org} is replaced by the org)");
            database = Optional.empty();
        }
        List<String> buckets = new ArrayList<>();
        for (int i = 0; i < s.buckets().size(); i++) {
            String b = s.buckets().get(i);
            if (b == null || !BUCKET.matcher(b).matches()) {
                problem("sources.buckets[" + i + "]", "'" + b + "' is not a valid S3 bucket name (a name, not an s3:// URL)");
            } else {
                buckets.add(b);
            }
        }
        return new EnvironmentConfig.Sources(database, buckets);
    }

    private EnvironmentConfig.OrgAccess access(EnvironmentFile.Access a, List<String> orgs) {
        Map<String, List<String>> principals = new LinkedHashMap<>();
        if (a == null) {
            return new EnvironmentConfig.OrgAccess(principals);
        }
        a.principals().forEach((arn, allowed) -> {
            String key = "access.principals." + arn;
            if (!PRINCIPAL.matcher(arn).matches()) {
                problem(key, "'" + arn + "' is not an IAM role, user or assumed-role ARN (e.g. arn:aws:iam::123456789012:role/acme-analysts; * matches any characters)");
                return;
            }
            List<String> unknown = allowed.stream().filter(o -> !orgs.contains(o)).toList();
            if (!unknown.isEmpty()) {
                problem(key, "org " + String.join(", ", unknown.stream().map(o -> "'" + o + "'").toList())
                        + " is not deployed here (use one of " + orgs + ", or add it under orgs:)");
                return;
            }
            principals.put(arn, allowed);
        });
        return new EnvironmentConfig.OrgAccess(principals);
    }

    private void problem(String key, String message) {
        problems.add(new ConfigProblem(f, key, message));
    }
}
