package org.eibench.engine.cluster;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Slurm client commands eibench calls ({@code sbatch}, {@code squeue}, {@code sacct}, {@code scancel}),
 * run directly (no shell), with extra environment variables (e.g. {@code SLURM_CONF}).
 */
public final class SlurmClient {
    /** One job or array task in the queue or the accounting. */
    public record Job(String id, String name, String state, String reason, int arrayTask) {
        /** Still queued or running: a state Slurm may still run or finish. */
        public boolean active() {
            return switch (state) {
                case "PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED", "REQUEUE_HOLD", "REQUEUE_FED",
                        "RESIZING", "SUSPENDED", "STOPPED", "SIGNALING", "STAGE_OUT", "RESV_DEL_HOLD" -> true;
                default -> false;
            };
        }

        /** Pending on a dependency that can no longer be met (a shard it waits for failed or was cancelled). */
        public boolean stuck() {
            return "PENDING".equals(state) && "DependencyNeverSatisfied".equals(reason);
        }
    }

    private final Map<String, String> environment;

    public SlurmClient(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** A client with this process's environment only. */
    public static SlurmClient fromEnvironment() {
        return new SlurmClient(Map.of());
    }

    /** Whether {@code command} is on the PATH. */
    public boolean has(String command) {
        String path = environment.getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Submits {@code script} with {@code options}; returns the job id sbatch --parsable printed. */
    public String submit(List<String> options, Path script) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(options);
        command.add(script.toString());
        String out = run(command).strip();
        // --parsable prints "jobid" or "jobid;cluster"
        String id = out.contains(";") ? out.substring(0, out.indexOf(';')) : out;
        if (!id.matches("\\d+")) {
            throw new IOException("sbatch printed no job id for " + script + ": " + out);
        }
        return id;
    }

    /** Cancels a job (or one array task, {@code ID_K}). */
    public void cancel(String jobId) throws IOException, InterruptedException {
        run(List.of("scancel", jobId));
    }

    /**
     * This user's queued and running jobs whose name is one of {@code names}, array tasks one by one; empty
     * when squeue is not on the PATH.
     */
    public Optional<List<Job>> queued(List<String> names) throws IOException, InterruptedException {
        if (!has("squeue")) {
            return Optional.empty();
        }
        String out = run(List.of("squeue", "--me", "--array", "--noheader", "--name=" + String.join(",", names),
                "--format=%i|%j|%T|%r|%K"));
        return Optional.of(parse(out, 5));
    }

    /**
     * Finished jobs from the accounting ({@code sacct}), by name; empty when sacct is missing or accounting is
     * off (a cluster without slurmdbd).
     */
    public Optional<List<Job>> accounted(List<String> names) throws InterruptedException {
        if (!has("sacct")) {
            return Optional.empty();
        }
        try {
            String out = run(List.of("sacct", "--noheader", "--parsable2", "--allocations",
                    "--name=" + String.join(",", names), "--format=JobID,JobName,State"));
            return Optional.of(parse(out, 3));
        } catch (IOException accountingOff) {
            return Optional.empty();
        }
    }

    private static List<Job> parse(String out, int fields) {
        List<Job> jobs = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\|", -1);
            if (f.length < fields || f[0].isEmpty()) {
                continue;
            }
            String id = f[0];
            int task = -1;
            String taskText = fields == 5 ? f[4] : (id.matches("\\d+_\\d+") ? id.substring(id.indexOf('_') + 1) : "");
            if (taskText.matches("\\d+")) {
                task = Integer.parseInt(taskText);
            }
            // sacct writes "CANCELLED by 0"
            String state = f[2].split(" ")[0];
            jobs.add(new Job(id, f[1], state, fields == 5 ? f[3] : "", task));
        }
        return jobs;
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(environment);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 120 s");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + text.strip());
        }
        return text;
    }
}
