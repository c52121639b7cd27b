package org.eibench.engine.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eibench.models.json.JsonMappers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only {@code records.jsonl}: one {@link SampleRecord} per line, each line written whole and
 * fsync'd before {@link #append} returns, so a kill -9 or power loss loses at most the samples in flight.
 *
 * <p>On open, an incomplete last line (no newline, or not a parsable record) is the trace of a crash mid-write:
 * it is cut off with a warning. A bad line anywhere else, or a second record of an id that already has an answer,
 * means the file was edited or damaged; opening fails rather than guessing. A failed sample may be recorded again
 * (a retry on resume): the later record is the one that counts.
 */
public final class RecordLog implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordLog.class);
    // "{...} garbage" is not a record
    static final ObjectMapper JSON = JsonMappers.create(JsonMappers.Option.REJECT_TRAILING_TOKENS);

    private final Path file;
    private final FileChannel channel;
    private final Map<String, SampleRecord> records;

    private RecordLog(Path file, FileChannel channel, Map<String, SampleRecord> records) {
        this.file = file;
        this.channel = channel;
        this.records = records;
    }

    /** Opens (creating if needed) a log for appending, repairing a torn last line. */
    public static RecordLog open(Path file) throws IOException, RunFolderException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            Scan scan = scan(file, Files.readAllBytes(file));
            if (scan.validLength() < channel.size()) {
                LOG.warn("{}: cut off an incomplete last record ({} bytes) left by an interrupted run; that sample"
                        + " will run again", file, channel.size() - scan.validLength());
                channel.truncate(scan.validLength());
                channel.force(true);
            }
            channel.position(channel.size());
            return new RecordLog(file, channel, scan.records());
        } catch (IOException | RunFolderException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads a log without changing it; a torn last line is skipped with a warning. */
    public static Map<String, SampleRecord> read(Path file) throws IOException, RunFolderException {
        if (!Files.exists(file)) {
            return Map.of();
        }
        Scan scan = scan(file, Files.readAllBytes(file));
        if (scan.validLength() < Files.size(file)) {
            LOG.warn("{}: ignoring an incomplete last record left by an interrupted run", file);
        }
        return Collections.unmodifiableMap(scan.records());
    }

    /** The records in file order, by id. */
    public Map<String, SampleRecord> records() {
        return Collections.unmodifiableMap(records);
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one record and forces it to disk.
     *
     * @throws IllegalStateException when the log already holds an answer (an ok record) for the same id
     */
    public synchronized void append(SampleRecord record) throws IOException {
        SampleRecord earlier = records.get(record.id());
        if (earlier != null && earlier.ok()) {
            throw new IllegalStateException("sample " + record.id() + " is already answered in " + file
                    + "; each sample is answered exactly once");
        }
        byte[] line = (JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(line);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(false);
        records.put(record.id(), record);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private record Scan(Map<String, SampleRecord> records, long validLength) {}

    private static Scan scan(Path file, byte[] bytes) throws RunFolderException {
        Map<String, SampleRecord> records = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int start = 0;
        int lineNumber = 0;
        long validLength = 0;
        while (start < bytes.length) {
            lineNumber++;
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            boolean complete = end < bytes.length;
            boolean last = end + 1 >= bytes.length;
            String text = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            SampleRecord record = null;
            if (complete && !text.isBlank()) {
                try {
                    record = JSON.readValue(text, SampleRecord.class);
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    record = null;
                }
            }
            if (record == null && !(complete && text.isBlank())) {
                if (last) {
                    break; // the torn tail of a crash: validLength stays before it
                }
                problems.add(file + ":" + lineNumber + ": not a complete record");
            } else if (record != null) {
                SampleRecord earlier = records.put(record.id(), record); // a retry replaces a failed record
                if (earlier != null && earlier.ok()) {
                    problems.add(file + ":" + lineNumber + ": sample " + record.id() + " recorded a second time");
                }
            }
            start = end + 1;
            validLength = Math.min(start, bytes.length);
        }
        if (!problems.isEmpty()) {
            throw new RunFolderException("the records file is damaged (it is only ever appended to, so it was"
                    + " edited or the disk failed):\n" + String.join("\n", problems)
                    + "\nrepair or remove those lines, or start over with --overwrite");
        }
        return new Scan(records, validLength);
    }
}
