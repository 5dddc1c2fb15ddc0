package dev.featurestore.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.error.ConfigException;
import dev.featurestore.error.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Loads and validates environment configs ({@code <configDir>/environments/*.yaml}), with the same total
 * validation as {@link ConfigLoader}: every problem of every file at once, each as "file: key: message (fix)".
 */
public final class EnvironmentConfigLoader {

    static final Set<String> KEYS = Set.of("environment", "account", "region", "bucket", "glue_database", "athena",
            "functions", "workflow", "api", "retention", "sources", "orgs", "access", "alarm_emails");
    static final Set<String> ATHENA_KEYS = Set.of("workgroup", "bytes_scanned_cutoff");
    static final Set<String> ROLES = Set.of("plan", "calculate", "merge", "query");
    static final Set<String> FUNCTION_KEYS = Set.of("memory_mb", "timeout_seconds");
    static final Set<String> WORKFLOW_KEYS = Set.of("map_concurrency", "timeout_minutes");
    static final Set<String> API_KEYS = Set.of("throttle_rate", "throttle_burst");
    static final Set<String> RETENTION_KEYS = Set.of("staging_days", "query_results_days");
    static final Set<String> ACCESS_KEYS = Set.of("principals");
    static final Set<String> SOURCES_KEYS = Set.of("glue_database", "buckets");

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

    static final EnvironmentConfig.Functions DEFAULT_FUNCTIONS = new EnvironmentConfig.Functions(
            new EnvironmentConfig.FunctionSettings(512, Duration.ofSeconds(60)),
            new EnvironmentConfig.FunctionSettings(2048, Duration.ofSeconds(900)),
            new EnvironmentConfig.FunctionSettings(3008, Duration.ofSeconds(900)),
            new EnvironmentConfig.FunctionSettings(1024, Duration.ofSeconds(29)));
    static final EnvironmentConfig.Workflow DEFAULT_WORKFLOW = new EnvironmentConfig.Workflow(4, Duration.ofMinutes(120));
    static final EnvironmentConfig.Api DEFAULT_API = new EnvironmentConfig.Api(20, 40);
    static final EnvironmentConfig.Retention DEFAULT_RETENTION = new EnvironmentConfig.Retention(7, 7);
    static final EnvironmentConfig.Sources DEFAULT_SOURCES = new EnvironmentConfig.Sources(Optional.empty(), List.of());


    private final Path configDir;

    private EnvironmentConfigLoader(Path configDir) {
        this.configDir = configDir;
    }

    public static EnvironmentConfigLoader create(Path configDir) {
        return new EnvironmentConfigLoader(configDir);
    }

    /** The environment names, from the file names under {@code environments/}, sorted. */
    public List<String> names() {
        Path dir = configDir.resolve("environments");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ConfigException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads one environment; throws one {@link ConfigException} listing every problem of its file. */
    public EnvironmentConfig load(String environment) {
        Path file = configDir.resolve("environments").resolve(environment + ".yaml");
        if (!Files.exists(file)) {
            throw new NotFoundException("Cannot find environment '" + environment + "' (known environments: "
                    + (names().isEmpty() ? "none" : String.join(", ", names())) + "; add " + display(file) + ")");
        }
        List<ConfigProblem> problems = new ArrayList<>();
        Optional<EnvironmentConfig> env = parse(file, problems);
        ConfigLoader.throwIfAny(problems);
        return env.orElseThrow();
    }

    /** Loads every environment, by name; throws one {@link ConfigException} listing every problem of every file. */
    public Map<String, EnvironmentConfig> loadAll() {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, EnvironmentConfig> all = new TreeMap<>();
        for (String name : names()) {
            parse(configDir.resolve("environments").resolve(name + ".yaml"), problems).ifPresent(e -> all.put(name, e));
        }
        ConfigLoader.throwIfAny(problems);
        return all;
    }

    /** Parses and validates one file; adds problems instead of throwing. */
    public Optional<EnvironmentConfig> parse(Path file, List<ConfigProblem> problems) {
        String f = display(file);
        Optional<JsonNode> read = YamlFiles.readMapping(file, f, "expected a mapping with environment:, region:, bucket:, glue_database:, athena: and orgs: (see docs/infra.md)", problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        JsonNode root = read.get();
        int before = problems.size();
        YamlFiles.unknownKeys(f, "", root, KEYS, problems);

        String expected = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String name = required(f, "environment", root, "environment: " + expected, problems).orElse(null);
        if (name != null && !ENV.matcher(name).matches()) {
            problems.add(new ConfigProblem(f, "environment", "'" + name + "' is not a valid environment name (lowercase letters, digits and -, starting with a letter, at most 20)"));
        } else if (name != null && !name.equals(expected)) {
            problems.add(new ConfigProblem(f, "environment", "'" + name + "' does not match the file name (rename the file to " + name + ".yaml or set environment: " + expected + ")"));
        }

        Optional<String> account = Optional.empty();
        if (root.has("account") && !root.get("account").isNull()) {
            JsonNode a = root.get("account");
            String value = a.asText();
            if (!a.isValueNode() || !ACCOUNT.matcher(value).matches()) {
                problems.add(new ConfigProblem(f, "account", "'" + a.asText() + "' is not a 12-digit AWS account id (quote it, e.g. account: \"123456789012\", or remove the key to use the account of your credentials)"));
            } else {
                account = Optional.of(value);
            }
        }
        String region = required(f, "region", root, "region: eu-central-1", problems).orElse(null);
        if (region != null && !REGION.matcher(region).matches()) {
            problems.add(new ConfigProblem(f, "region", "'" + region + "' is not an AWS region (e.g. eu-central-1, us-east-1)"));
        }
        String bucket = required(f, "bucket", root, "bucket: featurestore-" + expected + "-{account}-{region}", problems).orElse(null);
        if (bucket != null) {
            String sample = bucket.replace("{account}", "123456789012").replace("{region}", region == null ? "eu-central-1" : region);
            if (sample.matches(".*\\{[^}]*}.*")) {
                problems.add(new ConfigProblem(f, "bucket", "'" + bucket + "' has an unknown placeholder (only {account} and {region} are replaced)"));
            } else if (!BUCKET.matcher(sample).matches() || sample.contains("..")) {
                problems.add(new ConfigProblem(f, "bucket", "'" + bucket + "' is not a valid S3 bucket name (3-63 lowercase letters, digits, - and ., e.g. featurestore-" + expected + "-{account}-{region})"));
            }
        }
        String database = required(f, "glue_database", root, "glue_database: featurestore_" + expected.replace('-', '_'), problems).orElse(null);
        if (database != null && !DATABASE.matcher(database).matches()) {
            problems.add(new ConfigProblem(f, "glue_database", "'" + database + "' is not a valid Glue database name for Athena (lowercase letters, digits and _)"));
        }

        EnvironmentConfig.Athena athena = athena(f, root.get("athena"), expected, problems);
        EnvironmentConfig.Functions functions = functions(f, root.get("functions"), problems);
        EnvironmentConfig.Workflow workflow = DEFAULT_WORKFLOW;
        JsonNode w = mapping(f, "workflow", root.get("workflow"), WORKFLOW_KEYS, problems);
        if (w != null) {
            workflow = new EnvironmentConfig.Workflow(
                    integer(f, "workflow.map_concurrency", w.get("map_concurrency"), DEFAULT_WORKFLOW.mapConcurrency(), 1, 1000, problems),
                    Duration.ofMinutes(integer(f, "workflow.timeout_minutes", w.get("timeout_minutes"), (int) DEFAULT_WORKFLOW.timeout().toMinutes(), 1, 1440, problems)));
        }
        EnvironmentConfig.Api api = DEFAULT_API;
        JsonNode a = mapping(f, "api", root.get("api"), API_KEYS, problems);
        if (a != null) {
            JsonNode rate = a.get("throttle_rate");
            double r = DEFAULT_API.throttleRate();
            if (rate != null && (!rate.isNumber() || rate.asDouble() <= 0 || rate.asDouble() > 10_000)) {
                problems.add(new ConfigProblem(f, "api.throttle_rate", "'" + rate.asText() + "' is not a number of requests per second between 0 and 10000"));
            } else if (rate != null) {
                r = rate.asDouble();
            }
            api = new EnvironmentConfig.Api(r, integer(f, "api.throttle_burst", a.get("throttle_burst"), DEFAULT_API.throttleBurst(), 1, 5000, problems));
        }
        EnvironmentConfig.Retention retention = DEFAULT_RETENTION;
        JsonNode ret = mapping(f, "retention", root.get("retention"), RETENTION_KEYS, problems);
        if (ret != null) {
            retention = new EnvironmentConfig.Retention(
                    integer(f, "retention.staging_days", ret.get("staging_days"), DEFAULT_RETENTION.stagingDays(), 1, 3650, problems),
                    integer(f, "retention.query_results_days", ret.get("query_results_days"), DEFAULT_RETENTION.queryResultsDays(), 1, 3650, problems));
        }

        EnvironmentConfig.Sources sources = sources(f, root.get("sources"), problems);
        List<String> orgs = orgs(f, root.get("orgs"), problems);
        EnvironmentConfig.OrgAccess access = access(f, root.get("access"), orgs, problems);
        List<String> alarmEmails = new ArrayList<>();
        JsonNode emails = root.get("alarm_emails");
        if (emails != null && !emails.isNull()) {
            if (!emails.isArray()) {
                problems.add(new ConfigProblem(f, "alarm_emails", "expected a list of email addresses (e.g. alarm_emails: [data-team@example.com])"));
            } else {
                for (int i = 0; i < emails.size(); i++) {
                    String e = emails.get(i).asText();
                    if (!emails.get(i).isTextual() || !EMAIL.matcher(e).matches()) {
                        problems.add(new ConfigProblem(f, "alarm_emails[" + i + "]", "'" + e + "' is not an email address"));
                    } else {
                        alarmEmails.add(e);
                    }
                }
            }
        }

        if (problems.size() > before || name == null || region == null || bucket == null || database == null) {
            return Optional.empty();
        }
        return Optional.of(new EnvironmentConfig(name, account, region, bucket, database, athena, functions, workflow,
                api, retention, sources, orgs, access, alarmEmails, file));
    }

    private EnvironmentConfig.Athena athena(String f, JsonNode node, String env, List<ConfigProblem> problems) {
        if (node == null || node.isNull()) {
            problems.add(new ConfigProblem(f, "athena", "missing (add athena: { workgroup: featurestore-" + env + ", bytes_scanned_cutoff: 10GB })"));
            return null;
        }
        JsonNode a = mapping(f, "athena", node, ATHENA_KEYS, problems);
        if (a == null) {
            return null;
        }
        String workgroup = required(f, "athena.workgroup", a, "workgroup: featurestore-" + env, problems).orElse(null);
        if (workgroup != null && !WORKGROUP.matcher(workgroup).matches()) {
            problems.add(new ConfigProblem(f, "athena.workgroup", "'" + workgroup + "' is not a valid workgroup name (letters, digits, ., _ and -, at most 128)"));
        }
        JsonNode c = a.get("bytes_scanned_cutoff");
        long cutoff = 0;
        if (c == null || c.isNull()) {
            problems.add(new ConfigProblem(f, "athena.bytes_scanned_cutoff", "missing (set the most one query may scan, e.g. bytes_scanned_cutoff: 10GB)"));
        } else {
            Optional<Long> bytes = size(c);
            if (bytes.isEmpty()) {
                problems.add(new ConfigProblem(f, "athena.bytes_scanned_cutoff", "'" + c.asText() + "' is not a size (use bytes or a unit: 500MB, 10GB, 1TiB)"));
            } else if (bytes.get() < MIN_CUTOFF) {
                problems.add(new ConfigProblem(f, "athena.bytes_scanned_cutoff", "'" + c.asText() + "' is below Athena's minimum of 10MB (raise it)"));
            } else {
                cutoff = bytes.get();
            }
        }
        return new EnvironmentConfig.Athena(workgroup, cutoff);
    }

    static Optional<Long> size(JsonNode node) {
        if (node.isIntegralNumber()) {
            return Optional.of(node.asLong());
        }
        if (!node.isTextual()) {
            return Optional.empty();
        }
        Matcher m = SIZE.matcher(node.asText().trim());
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

    private EnvironmentConfig.Functions functions(String f, JsonNode node, List<ConfigProblem> problems) {
        JsonNode fns = mapping(f, "functions", node, ROLES, problems);
        if (fns == null) {
            return DEFAULT_FUNCTIONS;
        }
        return new EnvironmentConfig.Functions(
                function(f, "plan", fns.get("plan"), DEFAULT_FUNCTIONS.plan(), 900, problems),
                function(f, "calculate", fns.get("calculate"), DEFAULT_FUNCTIONS.calculate(), 900, problems),
                function(f, "merge", fns.get("merge"), DEFAULT_FUNCTIONS.merge(), 900, problems),
                // API Gateway gives up after 29 s: a longer query timeout would only hide errors
                function(f, "query", fns.get("query"), DEFAULT_FUNCTIONS.query(), 29, problems));
    }

    private EnvironmentConfig.FunctionSettings function(String f, String role, JsonNode node,
                                                        EnvironmentConfig.FunctionSettings dflt, int maxTimeout,
                                                        List<ConfigProblem> problems) {
        JsonNode fn = mapping(f, "functions." + role, node, FUNCTION_KEYS, problems);
        if (fn == null) {
            return dflt;
        }
        int memory = integer(f, "functions." + role + ".memory_mb", fn.get("memory_mb"), dflt.memoryMb(), 128, 10240, problems);
        int timeout = integer(f, "functions." + role + ".timeout_seconds", fn.get("timeout_seconds"), (int) dflt.timeout().toSeconds(), 1, maxTimeout, problems);
        return new EnvironmentConfig.FunctionSettings(memory, Duration.ofSeconds(timeout));
    }

    private static List<String> orgs(String f, JsonNode node, List<ConfigProblem> problems) {
        List<String> orgs = new ArrayList<>();
        if (node == null || node.isNull()) {
            problems.add(new ConfigProblem(f, "orgs", "missing (list the orgs deployed here, e.g. orgs: [acme])"));
            return orgs;
        }
        if (!node.isArray()) {
            problems.add(new ConfigProblem(f, "orgs", "expected a list of org names (e.g. orgs: [acme, globex])"));
            return orgs;
        }
        if (node.isEmpty()) {
            problems.add(new ConfigProblem(f, "orgs", "empty (list at least one org)"));
        }
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String org = node.get(i).asText();
            if (!node.get(i).isTextual() || !ConfigLoader.ORG.matcher(org).matches()) {
                problems.add(new ConfigProblem(f, "orgs[" + i + "]", "'" + org + "' is not a valid org name (lowercase letters, digits, _ and -)"));
            } else if (!seen.add(org)) {
                problems.add(new ConfigProblem(f, "orgs[" + i + "]", "'" + org + "' is listed twice (remove one)"));
            }
        }
        orgs.addAll(seen);
        return orgs;
    }

    private static EnvironmentConfig.Sources sources(String f, JsonNode node, List<ConfigProblem> problems) {
        JsonNode src = mapping(f, "sources", node, SOURCES_KEYS, problems);
        if (src == null) {
            return DEFAULT_SOURCES;
        }
        Optional<String> database = Optional.empty();
        JsonNode db = src.get("glue_database");
        if (db != null && !db.isNull()) {
            String sample = db.asText().replace("{org}", "acme");
            if (!db.isTextual() || !DATABASE.matcher(sample).matches()) {
                problems.add(new ConfigProblem(f, "sources.glue_database", "'" + db.asText() + "' is not a valid Glue database name (lowercase letters, digits and _; {org} is replaced by the org)"));
            } else {
                database = Optional.of(db.asText());
            }
        }
        List<String> buckets = new ArrayList<>();
        JsonNode list = src.get("buckets");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                problems.add(new ConfigProblem(f, "sources.buckets", "expected a list of bucket names (e.g. buckets: [raw-data])"));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    String b = list.get(i).asText();
                    if (!list.get(i).isTextual() || !BUCKET.matcher(b).matches()) {
                        problems.add(new ConfigProblem(f, "sources.buckets[" + i + "]", "'" + b + "' is not a valid S3 bucket name (a name, not an s3:// URL)"));
                    } else {
                        buckets.add(b);
                    }
                }
            }
        }
        return new EnvironmentConfig.Sources(database, buckets);
    }

    private static EnvironmentConfig.OrgAccess access(String f, JsonNode node, List<String> orgs, List<ConfigProblem> problems) {
        String example = "access: { principals: { arn:aws:iam::123456789012:role/acme-analysts: acme } }";
        if (node == null || node.isNull()) {
            problems.add(new ConfigProblem(f, "access", "missing (say which IAM principals may read which orgs: " + example + ")"));
            return new EnvironmentConfig.OrgAccess(Map.of());
        }
        JsonNode a = mapping(f, "access", node, ACCESS_KEYS, problems);
        if (a == null) {
            return new EnvironmentConfig.OrgAccess(Map.of());
        }
        Map<String, List<String>> principals = new LinkedHashMap<>();
        JsonNode p = a.get("principals");
        if (p == null || p.isNull() || (p.isObject() && p.isEmpty())) {
            problems.add(new ConfigProblem(f, "access.principals", "empty (map at least one principal, or no caller can read any org: " + example + ")"));
        } else if (!p.isObject()) {
            problems.add(new ConfigProblem(f, "access.principals", "expected a mapping of principal ARN to org or list of orgs (" + example + ")"));
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = "access.principals." + e.getKey();
                if (!PRINCIPAL.matcher(e.getKey()).matches()) {
                    problems.add(new ConfigProblem(f, key, "'" + e.getKey() + "' is not an IAM role, user or assumed-role ARN (e.g. arn:aws:iam::123456789012:role/acme-analysts; * matches any characters)"));
                    continue;
                }
                List<String> allowed = new ArrayList<>();
                if (e.getValue().isTextual()) {
                    allowed.add(e.getValue().asText());
                } else if (e.getValue().isArray() && !e.getValue().isEmpty()) {
                    e.getValue().forEach(o -> allowed.add(o.asText()));
                } else {
                    problems.add(new ConfigProblem(f, key, "expected an org or a list of orgs (e.g. [acme, globex])"));
                    continue;
                }
                List<String> unknown = allowed.stream().filter(o -> !orgs.contains(o)).toList();
                if (!unknown.isEmpty()) {
                    problems.add(new ConfigProblem(f, key, "org " + String.join(", ", unknown.stream().map(o -> "'" + o + "'").toList())
                            + " is not deployed here (use one of " + orgs + ", or add it under orgs:)"));
                    continue;
                }
                principals.put(e.getKey(), allowed);
            }
        }
        return new EnvironmentConfig.OrgAccess(principals);
    }

    /** @return the node when it is a mapping (unknown keys reported), null when absent or wrong */
    private static JsonNode mapping(String f, String key, JsonNode node, Set<String> allowed, List<ConfigProblem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add(new ConfigProblem(f, key, "expected a mapping with " + String.join(":, ", new TreeSet<>(allowed)) + ":"));
            return null;
        }
        YamlFiles.unknownKeys(f, key + ".", node, allowed, problems);
        return node;
    }

    private static int integer(String f, String key, JsonNode node, int dflt, int min, int max, List<ConfigProblem> problems) {
        if (node == null || node.isNull()) {
            return dflt;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < min || node.asInt() > max) {
            problems.add(new ConfigProblem(f, key, "'" + node.asText() + "' is not an integer between " + min + " and " + max));
            return dflt;
        }
        return node.asInt();
    }

    private static Optional<String> required(String f, String key, JsonNode parent, String example, List<ConfigProblem> problems) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        JsonNode node = parent.get(last);
        if (node == null || node.isNull()) {
            problems.add(new ConfigProblem(f, key, "missing (add " + example + ")"));
            return Optional.empty();
        }
        if (!node.isValueNode() || node.asText().isBlank()) {
            problems.add(new ConfigProblem(f, key, "expected a non-empty string (e.g. " + example + ")"));
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }


    private String display(Path file) {
        return YamlFiles.display(configDir, file);
    }
}
