package org.eibench.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eibench.engine.run.RecordLog;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.RunFolderException;
import org.eibench.engine.run.SampleRecord;
import org.eibench.models.json.JsonMappers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-record cost of reading a finished Basic run back (1615 records): the resume scan of {@link RunFolder#open}
 * with RESUME, the bare {@link RecordLog#read}, and, to split the append cost, Jackson's serialisation alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RecordReadBenchmark {
    @Param({"user", "cfsa"})
    public String mode;

    private List<SampleRecord> records;
    private Path dir;
    private final ObjectMapper json = JsonMappers.create();

    @Setup
    public void writeRun() throws IOException, RunFolderException {
        records = Records.basicRun(mode);
        dir = Records.tempDir();
        // the first record through the folder, which writes run.json with it (a folder without a record has none)
        try (RunFolder folder = RunFolder.open(dir, Records.manifest(mode), RunFolder.Start.RESUME)) {
            folder.append(records.getFirst());
        }
        // the same lines RunFolder.append writes, without 1614 fsyncs that this setup does not need
        StringBuilder lines = new StringBuilder();
        for (SampleRecord r : records.subList(1, records.size())) {
            lines.append(json.writeValueAsString(r)).append('\n');
        }
        Files.writeString(dir.resolve(RunFolder.RECORDS), lines, java.nio.file.StandardOpenOption.APPEND);
    }

    @TearDown
    public void removeRun() {
        Records.deleteTree(dir);
    }

    /** What a resumed run does first: check run.json, scan records.jsonl, rewrite run.json. */
    @Benchmark
    @OperationsPerInvocation(GroundTruths.BASIC_SAMPLES)
    public int resumeOpenPerRecord() throws IOException, RunFolderException {
        try (RunFolder run = RunFolder.open(dir, Records.manifest(mode), RunFolder.Start.RESUME)) {
            return run.finishedIds().size();
        }
    }

    @Benchmark
    @OperationsPerInvocation(GroundTruths.BASIC_SAMPLES)
    public Map<String, SampleRecord> readPerRecord() throws IOException, RunFolderException {
        return RecordLog.read(dir.resolve(RunFolder.RECORDS));
    }

    @Benchmark
    @OperationsPerInvocation(GroundTruths.BASIC_SAMPLES)
    public long serializePerRecord() throws JsonProcessingException {
        long bytes = 0;
        for (SampleRecord r : records) {
            bytes += json.writeValueAsString(r).length();
        }
        return bytes;
    }
}
