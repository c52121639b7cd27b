package org.eibench.engine.run;

import java.nio.file.Path;

/**
 * Child-process main for {@link RunFolderKillTest}: resumes the run folder given as argument and appends records
 * s000000, s000001, … forever, as a runner would, until it is killed.
 */
public final class CrashingAppender {
    private CrashingAppender() {}

    public static void main(String[] args) throws Exception {
        try (RunFolder run = RunFolder.open(Path.of(args[0]), RunFixtures.manifest("user"), RunFolder.Start.RESUME)) {
            int first = run.records().size();
            // the first record also writes run.json (a new run writes it only then): do it before "ready", so that
            // every round appends at least one record however slow the machine
            run.append(RunFixtures.ok(RunFixtures.sample(first)));
            System.out.println("ready " + first);
            System.out.flush();
            for (int i = first + 1; ; i++) {
                run.append(RunFixtures.ok(RunFixtures.sample(i)));
            }
        }
    }
}
