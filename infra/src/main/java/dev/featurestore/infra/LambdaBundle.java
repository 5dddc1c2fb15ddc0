package dev.featurestore.infra;

import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.OrgConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Stages the Lambda deployment package: {@code lib/featurestore-lambda.jar} (the Java runtime puts
 * {@code lib/*.jar} on the class path) plus {@code config/groups/*.yaml} and the SQL files they name, so a
 * config change deploys with {@code cdk deploy} like a code change.
 */
public final class LambdaBundle {

    /** Where the bundle's config lands inside the function ({@code /var/task} is the package root). */
    public static final String CONFIG_DIR_IN_LAMBDA = "/var/task/config";

    private LambdaBundle() {}

    /**
     * @param jar       the shaded jar built by functions/aws
     * @param configDir the project's {@code config/}
     * @param groups    the groups to ship (their SQL files are copied too)
     * @param target    an empty or disposable directory, replaced by the bundle
     * @return the staged directory, for {@code Code.fromAsset} (one Code per stack: an asset belongs to one stack)
     * @throws IllegalStateException when the jar has not been built: a fake asset would deploy nothing
     */
    public static Path stage(Path jar, Path configDir, Collection<GroupConfig> groups, Path target) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Cannot synthesize: the Lambda jar " + jar.toAbsolutePath().normalize()
                    + " does not exist (build it first: mvn -B -ntp -pl infra -am package -DskipTests, which scripts/cdk runs)");
        }
        try {
            delete(target);
            Files.createDirectories(target.resolve("lib"));
            link(jar, target.resolve("lib").resolve(jar.getFileName()));
            for (GroupConfig group : groups) {
                copy(group.source(), target.resolve("config/groups").resolve(group.source().getFileName()));
                for (String sql : sqlFiles(group)) {
                    copy(configDir.resolve(sql), target.resolve("config").resolve(sql));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage the Lambda bundle in " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    static List<String> sqlFiles(GroupConfig group) {
        List<String> paths = new ArrayList<>();
        List<FunctionSpec> all = new ArrayList<>(group.functions());
        for (OrgConfig org : group.orgs().values()) {
            all.addAll(org.functions());
        }
        for (FunctionSpec f : all) {
            if (f instanceof FunctionSpec.Sql sql && !paths.contains(sql.path())) {
                paths.add(sql.path());
            }
        }
        return paths;
    }

    private static void link(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from.toAbsolutePath());
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
