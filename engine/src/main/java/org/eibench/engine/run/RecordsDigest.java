package org.eibench.engine.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.eibench.engine.dataset.InputFiles;

/**
 * The identity of the answers in a run folder, stored in scores.json so that a report can tell scores of the
 * current answers from scores of an earlier state (a partial run since resumed, a run since overwritten).
 *
 * @param file the file the answers came from: {@code records.jsonl}, or {@code predictions.jsonl} when the folder
 *     has no records
 * @param count the answers in it (records by id; non-blank prediction lines)
 * @param sha256 hex SHA-256 over every record's id, status and answer in id order (independent of the order the
 *     records finished in), or of the predictions file's bytes
 */
public record RecordsDigest(String file, int count, String sha256) {
    /**
     * The digest of a run folder's answers as they are now.
     *
     * @throws IOException when the folder has neither file
     */
    public static RecordsDigest of(Path runDir) throws IOException, RunFolderException {
        Path records = runDir.resolve(RunFolder.RECORDS);
        MessageDigest sha = newSha256();
        if (Files.exists(records)) {
            Map<String, SampleRecord> byId = new TreeMap<>(RecordLog.read(records));
            for (SampleRecord r : byId.values()) {
                String line = r.id() + "\t" + r.status().id() + "\t" + (r.ok() ? r.answer() : "") + "\n";
                sha.update(line.getBytes(StandardCharsets.UTF_8));
            }
            return new RecordsDigest(RunFolder.RECORDS, byId.size(), HexFormat.of().formatHex(sha.digest()));
        }
        Path predictions = runDir.resolve(RunFolder.PREDICTIONS);
        if (!Files.exists(predictions)) {
            throw new IOException(runDir + " has neither " + RunFolder.RECORDS + " nor " + RunFolder.PREDICTIONS
                    + ": give a run folder made by 'eibench run', or one holding a predictions.jsonl");
        }
        byte[] bytes = InputFiles.readText(predictions, "the predictions file");
        int lines = (int) new String(bytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count();
        return new RecordsDigest(RunFolder.PREDICTIONS, lines, HexFormat.of().formatHex(sha.digest(bytes)));
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
