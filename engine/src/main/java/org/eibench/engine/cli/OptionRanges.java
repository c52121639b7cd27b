package org.eibench.engine.cli;

import java.lang.reflect.Field;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Checks every parsed numeric option against its {@link Range}, for all verbs at once: {@link Main#commandLine} runs
 * it before a command executes, so {@code -n -1} or {@code --threads 10000} stop with a usage error that names the
 * option and the range instead of reaching the model.
 */
final class OptionRanges {
    private OptionRanges() {}

    /** Checks the ranges, unless help or the version was asked for (then no value matters). */
    static void checkUnlessHelp(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.isUsageHelpRequested() || level.isVersionHelpRequested()) {
                return;
            }
        }
        check(parsed);
    }

    /** The ParseResult's commands (root, verb) with every option in range, else a ParameterException naming it. */
    static void check(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            CommandLine line = level.commandSpec().commandLine();
            for (OptionSpec option : level.commandSpec().options()) {
                Range range = rangeOf(option);
                if (range == null || option.getValue() == null) {
                    continue;
                }
                Object value = option.getValue();
                for (Object item : value instanceof Collection<?> c ? c : List.of(value)) {
                    if (item instanceof Number number && !inside(range, number.doubleValue())) {
                        throw new ParameterException(line, problem(option, range, number), option, item.toString());
                    }
                }
            }
        }
    }

    /** The option's range, or null when it has none. */
    static Range rangeOf(OptionSpec option) {
        return option.userObject() instanceof Field field ? field.getAnnotation(Range.class) : null;
    }

    private static boolean inside(Range range, double value) {
        boolean aboveMin = range.minExclusive() ? value > range.min() : value >= range.min();
        return Double.isFinite(value) && aboveMin && value <= range.max(); // NaN and infinities never pass
    }

    /** {@code "--temp must be a number in [0, ∞) (0 = greedy), got -1.0"}. */
    static String problem(OptionSpec option, Range range, Number value) {
        return option.longestName() + " must be " + (integral(value) ? "an integer" : "a number") + " in "
                + describe(range, integral(value)) + (range.why().isEmpty() ? "" : " (" + range.why() + ")")
                + ", got " + value;
    }

    /** {@code [1, 256]}, {@code (0, 1]}, {@code [0, ∞)}. */
    static String describe(Range range, boolean integral) {
        String open = range.minExclusive() || Double.isInfinite(range.min()) ? "(" : "[";
        return open + bound(range.min(), integral) + ", " + bound(range.max(), integral)
                + (Double.isInfinite(range.max()) ? ")" : "]");
    }

    private static boolean integral(Number value) {
        return !(value instanceof Float || value instanceof Double);
    }

    private static String bound(double bound, boolean integral) {
        if (Double.isInfinite(bound)) {
            return bound > 0 ? "∞" : "-∞";
        }
        return integral || bound == Math.rint(bound) ? String.format(Locale.ROOT, "%d", (long) bound)
                : String.valueOf(bound);
    }
}
