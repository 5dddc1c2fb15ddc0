package dev.featurestore.aws.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Shrinks the shaded Lambda jar by dropping the classes of a few big libraries that nothing in the jar can
 * reach: the AWS SDK's Glue, S3 and Athena models (one class per shape of every operation of the service,
 * 12 MB, of which the handlers use a few operations) and parquet's shaded fastutil and JTS.
 *
 * <p>Reachability is by class references (every class name in a class file's constant pool, found as
 * {@code a/b/C} or {@code a.b.C} text), starting from every class outside those libraries. The SDK's
 * "wide" classes, which name every operation ({@code DefaultGlueClient}, {@code GlueClient}, the marshallers,
 * paginators and waiters), are not followed into the model; instead every {@code *Request} class stays (the
 * bytecode verifier loads them when it links the client) and every exception class (the client registers
 * them all when it is built). A request class is followed only from the handlers' own classes: the SDK's
 * interceptors name the request of every operation in {@code instanceof} checks. The SDK's async-only
 * internals (multipart, CRT) are not followed either: the handlers use the synchronous clients; nor is
 * parquet's geospatial code, the only user of JTS (feature columns are never GEOMETRY).
 *
 * <p>The operations' marshallers and paginators are trimmed the same way: the client creates them with
 * {@code new} in the operation's method (never verified against them), so only the used operations' stay.
 *
 * <p>Run after the shade plugin (see functions/aws/pom.xml); {@code ShadedJarIT} then runs every handler from
 * the trimmed jar against the emulator, so a class dropped wrongly fails the build.
 */
public final class JarTrimmer {
    private static final List<String> TRIMMED = List.of(
            "software/amazon/awssdk/services/glue/model/",
            "software/amazon/awssdk/services/s3/model/",
            "software/amazon/awssdk/services/athena/model/",
            "software/amazon/awssdk/services/glue/transform/",
            "software/amazon/awssdk/services/s3/transform/",
            "software/amazon/awssdk/services/athena/transform/",
            "software/amazon/awssdk/services/glue/paginators/",
            "software/amazon/awssdk/services/s3/paginators/",
            "software/amazon/awssdk/services/athena/paginators/",
            "software/amazon/awssdk/services/sfn/model/",
            "software/amazon/awssdk/services/sfn/transform/",
            "software/amazon/awssdk/services/sfn/paginators/",
            "shaded/parquet/it/unimi/dsi/fastutil/",
            "org/locationtech/jts/");
    private static final Pattern WIDE = Pattern.compile(
            "software/amazon/awssdk/services/(glue|s3|athena|sfn)/(Default\\w*Client|\\w*Client|waiters/"
                    + "|internal/multipart/|internal/crt/|internal/crossregion/S3CrossRegionAsyncClient).*"
                    // parquet's geospatial statistics, for GEOMETRY columns (features have none)
                    + "|org/apache/parquet/column/statistics/geospatial/.*");
    private static final Pattern REQUEST = Pattern.compile("software/amazon/awssdk/services/\\w+/model/\\w+Request\\.class");
    private static final String OURS = "dev/featurestore/";
    private static final Pattern ALWAYS = Pattern.compile(
            "software/amazon/awssdk/services/(glue|s3|athena|sfn)/model/(\\w+Request|\\w+Exception(\\$.*)?)\\.class");
    private static final Pattern NAME = Pattern.compile("(software|shaded|org)[/.][\\w/.$]+");

    private JarTrimmer() {
    }

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Map<String, byte[]> entries = read(jar);
        Set<String> keep = reachable(entries);
        long before = Files.size(jar);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        int dropped = 0;
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
            out.setLevel(9);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                if (!keep.contains(e.getKey())) {
                    dropped++;
                    continue;
                }
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(0);
                out.putNextEntry(entry);
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("JarTrimmer: %s: dropped %d unreachable classes, %.1f MB -> %.1f MB%n", jar.getFileName(), dropped,
                before / 1e6, Files.size(jar) / 1e6);
    }

    static boolean trimmable(String name) {
        return name.endsWith(".class") && TRIMMED.stream().anyMatch(name::startsWith);
    }

    static Set<String> reachable(Map<String, byte[]> entries) {
        Set<String> keep = new HashSet<>();
        Deque<String> work = new ArrayDeque<>();
        for (String name : entries.keySet()) {
            if (!trimmable(name)) {
                keep.add(name);
                if (name.endsWith(".class") && !WIDE.matcher(name).matches()) {
                    work.add(name);
                }
            } else if (ALWAYS.matcher(name).matches()) {
                keep.add(name); // kept, but not followed: see the class comment
            }
        }
        Set<String> scanned = new HashSet<>();
        while (!work.isEmpty()) {
            String name = work.poll();
            if (!scanned.add(name)) {
                continue;
            }
            boolean ours = name.startsWith(OURS);
            Matcher m = NAME.matcher(new String(entries.get(name), StandardCharsets.ISO_8859_1));
            while (m.find()) {
                String ref = m.group().replace('.', '/');
                // a descriptor or a dotted name may run on (e.g. "Foo.class"): try the longest class file name
                for (String candidate : candidates(ref)) {
                    if (trimmable(candidate) && entries.containsKey(candidate)) {
                        keep.add(candidate);
                        // the SDK's interceptors test a request's type for every operation (instanceof):
                        // a request class is followed only when the handlers' own code uses it
                        if (ours || !REQUEST.matcher(candidate).matches()) {
                            work.add(candidate);
                        }
                        if (ours && REQUEST.matcher(candidate).matches()) {
                            // the client builds the operation's marshaller with "new": keep the used ones
                            String marshaller = candidate.replace("/model/", "/transform/").replace(".class", "Marshaller.class");
                            if (entries.containsKey(marshaller)) {
                                keep.add(marshaller);
                                work.add(marshaller);
                            }
                        }
                        break;
                    }
                }
            }
        }
        return keep;
    }

    private static List<String> candidates(String ref) {
        String r = ref.endsWith("/class") ? ref.substring(0, ref.length() - "/class".length()) : ref;
        return List.of(r + ".class", r.replaceAll("/[^/]*$", "") + ".class");
    }

    private static Map<String, byte[]> read(Path jar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory()) {
                    entries.put(e.getName(), readAll(in));
                }
            }
        }
        return entries;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
