package org.eibench.engine.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Slurm for tests, from Debian's packages (slurmctld, slurmd, slurm-client, munge), started
 * as root without systemd: munged, then slurmctld, then slurmd, each with its files under one temp folder and
 * two fake GPUs (character devices) as GRES. {@link #start} skips the calling test, saying why, where it
 * cannot run; {@link #close} cancels the jobs left and stops the daemons it started, by pid.
 */
final class LocalSlurm implements AutoCloseable {
    private static final Path MUNGED = Path.of("/usr/sbin/munged");
    private static final Path SLURMCTLD = Path.of("/usr/sbin/slurmctld");
    private static final Path SLURMD = Path.of("/usr/sbin/slurmd");

    private final Path dir;
    private final List<Path> pidFiles = new ArrayList<>();

    private LocalSlurm(Path dir) {
        this.dir = dir;
    }

    /** Starts the cluster in {@code dir}; skips the test (JUnit assumption with the reason) where it cannot. */
    static LocalSlurm start(Path dir) throws Exception {
        for (Path daemon : List.of(MUNGED, SLURMCTLD, SLURMD)) {
            assumeTrue(Files.isExecutable(daemon), daemon + " is missing: as root, scripts/slurm-packages.sh installs"
                    + " slurmctld slurmd slurm-client munge (.ci/run calls it)");
        }
        assumeTrue(new SlurmClient(Map.of()).has("sbatch"), "sbatch is not on the PATH (package slurm-client)");
        String uid = run(List.of("id", "-u"), Map.of()).strip();
        assumeTrue(uid.equals("0"), "slurmctld/slurmd need root here (SlurmUser=root); running as uid " + uid);
        LocalSlurm slurm = new LocalSlurm(dir);
        try {
            slurm.boot();
        } catch (Exception | AssertionError e) {
            slurm.close();
            throw e;
        }
        return slurm;
    }

    /** The environment the Slurm client commands (and the launcher) need: this cluster's slurm.conf. */
    Map<String, String> environment() {
        return Map.of("SLURM_CONF", dir.resolve("slurm.conf").toString());
    }

    private void boot() throws Exception {
        for (String sub : List.of("state", "spool", "log", "munge-key")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Files.setPosixFilePermissions(dir.resolve("munge-key"), PosixFilePermissions.fromString("rwx------"));
        Path key = dir.resolve("munge-key/munge.key");
        byte[] secret = new byte[1024];
        new SecureRandom().nextBytes(secret);
        Files.write(key, secret);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        Path socket = dir.resolve("munge.socket");
        Path mungePid = dir.resolve("munged.pid");
        pidFiles.add(mungePid);
        // --force: munged refuses root and a key outside /etc/munge without it
        daemon(List.of(MUNGED.toString(), "--force", "--socket=" + socket, "--key-file=" + key,
                "--log-file=" + dir.resolve("log/munged.log"), "--pid-file=" + mungePid,
                "--seed-file=" + dir.resolve("munged.seed")), mungePid, "munged");

        String host = run(List.of("hostname", "-s"), Map.of()).strip();
        int[] ports = freePorts(2);
        for (int i = 0; i < 2; i++) {
            Path gpu = dir.resolve("fakegpu" + i);
            String out = runAllowingFailure(List.of("mknod", gpu.toString(), "c", "1", "3"));
            assumeTrue(Files.exists(gpu), "cannot make the fake GPU device " + gpu + " with mknod (" + out.strip()
                    + "); Slurm's GPU GRES needs character devices");
        }
        Files.writeString(dir.resolve("slurm.conf"), String.join("\n",
                "ClusterName=eibenchtest",
                "SlurmctldHost=" + host + "(127.0.0.1)",
                "AuthType=auth/munge",
                "AuthInfo=socket=" + socket,
                "CredType=cred/munge",
                "ProctrackType=proctrack/pgid",
                "TaskPlugin=task/none",
                "JobAcctGatherType=jobacct_gather/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core",
                "SchedulerType=sched/backfill",
                "ReturnToService=2",
                "SlurmUser=root",
                "SlurmdUser=root",
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + dir.resolve("log/slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("log/slurmd.log"),
                "SlurmctldPort=" + ports[0],
                "SlurmdPort=" + ports[1],
                "MpiDefault=none",
                "MailProg=/bin/true",
                "GresTypes=gpu",
                "NodeName=" + host + " NodeAddr=127.0.0.1 CPUs=2 RealMemory=2000 Gres=gpu:2 State=UNKNOWN",
                "PartitionName=debug Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP", ""));
        Files.writeString(dir.resolve("gres.conf"), "NodeName=" + host + " Name=gpu File=" + dir.resolve("fakegpu")
                + "[0-1]\n");
        Path ctldPid = dir.resolve("slurmctld.pid");
        pidFiles.add(ctldPid);
        daemon(List.of(SLURMCTLD.toString(), "-f", dir.resolve("slurm.conf").toString()), ctldPid, "slurmctld");
        Path dPid = dir.resolve("slurmd.pid");
        pidFiles.add(dPid);
        daemon(List.of(SLURMD.toString(), "-f", dir.resolve("slurm.conf").toString()), dPid, "slurmd");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String state = "";
        while (System.nanoTime() < deadline) {
            state = runAllowingFailure(List.of("sinfo", "--noheader", "--format=%T")).strip();
            if (state.equals("idle")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the test Slurm node is '" + state + "', not idle, after 60 s\n" + logs());
    }

    /** The daemons' log tails, for a failure message. */
    String logs() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String log : List.of("munged.log", "slurmctld.log", "slurmd.log")) {
            Path file = dir.resolve("log").resolve(log);
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                out.append("--- ").append(file).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())))
                        .append('\n');
            }
        }
        return out.toString();
    }

    /** Cancels every job left in this cluster, then stops slurmd, slurmctld and munged by their pids. */
    @Override
    public void close() throws Exception {
        if (Files.exists(dir.resolve("slurmctld.pid"))) {
            runAllowingFailure(List.of("scancel", "--user=root"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (System.nanoTime() < deadline
                    && !runAllowingFailure(List.of("squeue", "--noheader")).isBlank()) {
                Thread.sleep(500);
            }
        }
        for (Path pidFile : pidFiles.reversed()) {
            if (!Files.exists(pidFile)) {
                continue;
            }
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            var handle = ProcessHandle.of(pid);
            if (handle.isEmpty()) {
                continue;
            }
            handle.get().destroy();
            try {
                handle.get().onExit().get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                handle.get().destroyForcibly();
            }
        }
    }

    private void daemon(List<String> command, Path pidFile, String name) throws Exception {
        // to a file, not a pipe: a daemon's child may keep the parent's output open
        Path console = dir.resolve("log").resolve(name + ".console");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(console.toFile());
        pb.environment().putAll(environment());
        Process p = pb.start();
        p.waitFor(30, TimeUnit.SECONDS);
        String out = Files.readString(console);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
                return;
            }
            Thread.sleep(100);
        }
        assumeTrue(false, name + " did not start (no " + pidFile + "): " + out.strip() + "\n" + logs());
    }

    private String runAllowingFailure(List<String> command) throws IOException, InterruptedException {
        try {
            return run(command, environment());
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    private static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
        return ports;
    }
}
