package org.eibench.engine.run;

import java.nio.file.Path;

/** Child-process main for {@link RunFolderLockTest}: opens the run folder given as argument and holds it until killed. */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        try (RunFolder run = RunFolder.open(Path.of(args[0]), RunFixtures.manifest("user"), RunFolder.Start.RESUME)) {
            run.append(RunFixtures.ok(RunFixtures.sample(run.records().size())));
            System.out.println("ready " + ProcessHandle.current().pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
