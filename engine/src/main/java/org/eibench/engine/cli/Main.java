package org.eibench.engine.cli;

import org.eibench.engine.run.ProjectVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code eibench} root command; each verb is its own class. */
@Command(
        name = "eibench",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Offline EIBench: how well vision-language models explain why a person",
            "feels what they feel. Models run through llama.cpp (GGUF model + mmproj);",
            "scores are computed locally. Start with: eibench demo",
            ""
        },
        subcommands = {DemoCommand.class, GenerateCommand.class, RunCommand.class, ScoreCommand.class, CompareCommand.class, BenchCommand.class, ValidateCommand.class, InspectCommand.class, MergeCommand.class, ReportCommand.class, SlurmCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for a command that finished but found problems (validation errors, failed samples). */
    public static final int EXIT_PROBLEMS = 1;
    /** Exit code for wrong usage or unusable input (picocli's own usage code). */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line with the project's exception handling, as tests and the launcher use it. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionStrategy(parsed -> {
            OptionRanges.checkUnlessHelp(parsed); // one check of every numeric option, for all verbs
            return new CommandLine.RunLast().execute(parsed);
        });
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            line.getErr().println("eibench: " + ex.getMessage());
            if (Boolean.getBoolean("eibench.debug")) {
                ex.printStackTrace(line.getErr());
            } else {
                line.getErr().println("(run with -Deibench.debug=true for the stack trace)");
            }
            return EXIT_USAGE;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The project version Maven wrote into the build (see {@link ProjectVersion}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"eibench " + ProjectVersion.current(), "Java " + Runtime.version()};
        }
    }
}
