package org.eibench.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.RunFolderException;
import org.eibench.engine.run.SampleRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-record cost of recording a Basic run: 1615 {@link RunFolder#append} calls (JSON line + fsync each) into a
 * fresh run folder in a temporary directory. The score is per record; the fsync dominates, so it measures the
 * disk under java.io.tmpdir as much as the code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RecordAppendBenchmark {
    @Param({"user", "cfsa"})
    public String mode;

    private List<SampleRecord> records;
    private Path dir;
    private RunFolder run;

    @Setup(Level.Trial)
    public void makeRecords() {
        records = Records.basicRun(mode);
    }

    @Setup(Level.Invocation)
    public void openEmptyRun() throws IOException, RunFolderException {
        dir = Records.tempDir();
        run = RunFolder.open(dir, Records.manifest(mode), RunFolder.Start.RESUME);
    }

    @TearDown(Level.Invocation)
    public void removeRun() throws IOException {
        run.close();
        Records.deleteTree(dir);
    }

    @Benchmark
    @OperationsPerInvocation(GroundTruths.BASIC_SAMPLES)
    public int appendFsyncPerRecord() throws IOException {
        for (SampleRecord r : records) {
            run.append(r);
        }
        return run.finishedIds().size();
    }
}
