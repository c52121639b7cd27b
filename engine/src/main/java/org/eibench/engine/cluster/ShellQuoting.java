package org.eibench.engine.cluster;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Quoting of values for the three places a generated script carries them: bash words, {@code #SBATCH}
 * directive arguments and Slurm output file name patterns.
 */
public final class ShellQuoting {
    private ShellQuoting() {}

    /**
     * One bash word that expands to exactly {@code value}: single quotes, with each {@code '} written as
     * {@code '\''}; nothing inside single quotes is expanded ({@code $}, backquotes, {@code \}, spaces).
     */
    public static String bash(String value) {
        rejectLineBreaks(value);
        if (!value.isEmpty() && value.chars().allMatch(ShellQuoting::plain)) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** The words of {@code values}, each quoted for bash, joined by spaces. */
    public static String bash(List<String> values) {
        return values.stream().map(ShellQuoting::bash).collect(Collectors.joining(" "));
    }

    /**
     * An argument of an {@code #SBATCH} line as sbatch reads it: in double quotes, with {@code "}, {@code \}
     * and {@code #} (which would start a comment even inside quotes) escaped by a backslash. sbatch does no
     * variable expansion there, so {@code $} stays as it is.
     */
    public static String sbatchDirective(String value) {
        rejectLineBreaks(value);
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\' || c == '#') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /**
     * A literal path inside a Slurm file name pattern ({@code --output}): {@code %} doubled. A backslash would
     * turn off every pattern in the name, so it is refused.
     */
    public static String slurmFilenameLiteral(String path) {
        if (path.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("Slurm log paths cannot contain a backslash (it disables %A/%a in"
                    + " the file name): " + path + "; choose an --out without one");
        }
        return path.replace("%", "%%");
    }

    private static void rejectLineBreaks(String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a value for a job script contains a line break or NUL: "
                    + value.replace("\n", "\\n").replace("\r", "\\r").replace("\0", "\\0"));
        }
    }

    private static boolean plain(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-_./,:=+@%".indexOf(c) >= 0;
    }
}
