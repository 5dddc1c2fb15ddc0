package dev.featurestore.storage;

import java.nio.file.Path;

/** A separate process holding a scratch directory until it is killed (the tests kill it with SIGKILL). */
public final class ScratchDirHolder {
    private ScratchDirHolder() {
    }

    public static void main(String[] args) throws Exception {
        ScratchDir.create(Path.of(args[0]));
        System.out.println("holding");
        System.out.flush();
        Thread.sleep(600_000);
    }

    /** Starts a holder of {@code dir} and returns once it holds it. */
    public static Process start(Path dir) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ScratchDirHolder.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
        if (!"holding".equals(line)) {
            p.destroyForcibly();
            throw new IllegalStateException("the holder process did not start: " + line);
        }
        return p;
    }
}
