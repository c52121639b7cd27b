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
            System.out.println("ready " + run.records().size());
            System.out.flush();
            for (int i = run.records().size(); ; i++) {
                run.append(RunFixtures.ok(RunFixtures.sample(i)));
            }
        }
    }
}
