package dev.featurestore.local.merge;

import dev.featurestore.distmerge.MergeTaskPlan;
import dev.featurestore.distmerge.MergeTaskRunner;
import dev.featurestore.error.DataException;
import dev.featurestore.error.StorageException;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.storage.ScratchDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a phase's tasks as separate JVM processes ({@link MergeWorker}), at most {@code workers} at once, over
 * the local lake: the distributed merge's path end to end on one machine. The first task that fails (its exit
 * code, or killed) stops the others and fails the phase with its message: bad data stays a DataException.
 */
public final class ProcessTaskRunner implements MergeTaskRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTaskRunner.class);

    private final LocalObjectStore store;
    private final Path workDir;
    private final int workers;
    private final List<String> jvmOptions;
    private final Consumer<Process> started;

    public ProcessTaskRunner(LocalObjectStore store, Path workDir, int workers) {
        this(store, workDir, workers, List.of("-Xmx1g", "-XX:+UseParallelGC", "-XX:FreqInlineSize=100",
                "-XX:Tier4BackEdgeThreshold=400000"), p -> { });
    }

    /** {@code started} hears of each worker process as it starts (tests kill one). */
    public ProcessTaskRunner(LocalObjectStore store, Path workDir, int workers, List<String> jvmOptions, Consumer<Process> started) {
        this.store = store;
        this.workDir = workDir;
        this.workers = Math.max(1, workers);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.started = started;
    }

    private record Running(int task, Process process, Path log) {
    }

    @Override
    public void run(MergeTaskPlan plan, Phase phase) {
        String name = phase.name().toLowerCase(Locale.ROOT);
        int tasks = phase == Phase.PARTITION ? plan.partitionTasks().size() : plan.joinTasks().size();
        List<Running> running = new ArrayList<>();
        int next = 0;
        // what a killed coordinator's workers left (a run directory no live process holds)
        ScratchDir.removeStale(workDir, Clock.systemUTC(), RUN_PREFIX);
        ScratchDir runScratch;
        try {
            runScratch = ScratchDir.create(workDir.resolve(RUN_PREFIX + plan.runId()));
        } catch (IOException e) {
            throw new StorageException("Cannot run the " + name + " tasks of run " + plan.runId() + ": " + e.getMessage(), e);
        }
        Path runDir = runScratch.path();
        try {
            while (next < tasks || !running.isEmpty()) {
                while (next < tasks && running.size() < workers) {
                    running.add(start(plan, name, next++, runDir));
                }
                Running done = awaitAny(running);
                running.remove(done);
                int exit = done.process().exitValue();
                if (exit != 0) {
                    throw failure(plan, name, done, exit);
                }
                Files.deleteIfExists(done.log());
            }
        } catch (IOException e) {
            throw new StorageException("Cannot run the " + name + " tasks of run " + plan.runId() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Cannot run the " + name + " tasks of run " + plan.runId() + ": interrupted", e);
        } finally {
            for (Running r : running) {
                r.process().destroyForcibly();
            }
            for (Running r : running) {
                try {
                    r.process().waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            // with what killed workers left (their scratch directories, logs): every worker of this run has ended
            runScratch.close();
        }
    }

    /** The directory of one run's workers under the work directory: held by the coordinator while the phase runs. */
    static final String RUN_PREFIX = "run-";

    private Running start(MergeTaskPlan plan, String phase, int task, Path runDir) throws IOException {
        Path log = runDir.resolve(String.format("%s-%05d.log", phase, task));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MergeWorker.class.getName());
        command.addAll(List.of(store.root().toString(), plan.group(), plan.org(), plan.runId(), phase, Integer.toString(task),
                runDir.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LOG.info("merge task started run={} phase={} task={} pid={}", plan.runId(), phase, task, p.pid());
        started.accept(p);
        return new Running(task, p, log);
    }

    private static Running awaitAny(List<Running> running) throws InterruptedException {
        while (true) {
            for (Running r : running) {
                if (!r.process().isAlive()) {
                    return r;
                }
            }
            running.get(0).process().waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private static RuntimeException failure(MergeTaskPlan plan, String phase, Running r, int exit) throws IOException {
        String message = null;
        for (String line : Files.readAllLines(r.log())) {
            if (line.startsWith(MergeWorker.FAILED)) {
                message = line.substring(MergeWorker.FAILED.length() + 2);
            }
        }
        Files.deleteIfExists(r.log());
        if (message == null) {
            return new StorageException("Cannot run " + phase + " task " + r.task() + " of run " + plan.runId() + ": its worker process "
                    + (exit > 128 ? "was killed (signal " + (exit - 128) + ")" : "ended with exit code " + exit) + " before finishing");
        }
        return exit == 3 ? new DataException(message) : new StorageException("Cannot run " + phase + " task " + r.task() + " of run "
                + plan.runId() + ": " + message);
    }
}
