package org.eibench.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.DatasetException;
import org.eibench.engine.metrics.UncalibratedEncoderException;
import org.eibench.engine.run.RunFolderException;
import org.eibench.engine.scoring.ScoreConfig;
import org.eibench.engine.scoring.ScoreSummary;
import org.eibench.engine.scoring.Scoring;
import org.eibench.models.scorer.SentenceEncoders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code eibench score}: turns a run folder into scores.json (judge recall, semantic recall, coherence). */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        header = "Judge recall, semantic recall and coherence of a run -> scores.json.",
        sortOptions = false,
        description = {
            "Score a run folder's answers against the EIBench ground truth, all locally:",
            "  --judge MODEL.gguf  the paper's trigger recall, judged by a local chat",
            "                      model that replies {score: C/T}",
            "  --semantic          judge-free trigger recall with the embedded sentence",
            "                      model (deterministic)",
            "  --coherence         the paper's long-term coherence (mean similarity of",
            "                      adjacent sentences)",
            "Without any of the three, --semantic and --coherence run. Writes",
            "RUN_DIR/scores.json and samples.jsonl, and judge.jsonl when judged",
            "(readable by the reference get_scores.py).",
            "Prints the paper-comparable figure first (the reference's aggregation;",
            "failed generations are not judged, as the reference never writes them),",
            "with the strict figure (every sample counts, a failure 0) and the failure",
            "counts beside it.",
            "Each figure carries its 95%% interval (percentile bootstrap over samples,",
            "seeded: --resamples, --stats-seed); --semantic adds the calibration rows",
            "(the ground truth as the answer = ceiling, another image's = chance);",
            "--judge with --semantic adds their per-sample agreement (Spearman, Kendall).",
            "",
            "Example:",
            "  eibench score runs/llava-user --eibench EIBench/EIBench \\",
            "      --judge Meta-Llama-3-8B-Instruct.Q8_0.gguf",
            "  eibench score runs/llava-user --eibench EIBench/EIBench \\",
            "      --judge-endpoint http://127.0.0.1:8000/v1 \\",
            "      --judge-model meta-llama/Meta-Llama-3-8B-Instruct",
            "",
        })
public final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "A run folder (records.jsonl, or a hand-made predictions.jsonl).")
    Path runDir;

    @Option(names = "--eibench", required = true, paramLabel = "DIR",
            description = "Folder with the EIBench annotation files (the ground truth).")
    Path eibenchDir;

    @Option(names = "--benchmark", paramLabel = "basic|complex",
            description = "Which EIBench part the answers are for; default: from RUN_DIR/run.json.")
    String benchmark;

    @Mixin
    JudgeModelOptions judgeOptions;
    @Mixin
    StatisticsOptions statistics;

    @Option(names = "--semantic", description = "Compute semantic trigger recall.")
    boolean semantic;

    @Option(names = "--coherence", description = "Compute long-term coherence.")
    boolean coherence;

    @Option(names = "--scorer", paramLabel = "minilm|bert:DIR", defaultValue = SentenceEncoders.DEFAULT,
            description = "Sentence model: the embedded all-MiniLM-L6-v2, or bert:DIR with a TorchScript BERT"
                    + " (model.pt + tokenizer.json; the paper's bert-base-uncased) (default: ${DEFAULT-VALUE}).")
    String scorer;

    // measured (docs/performance.md, JMH): at EIBench's sizes (5-10 x 5-40 x 384) the plain-Java kernel is about
    // twice as fast as ND4J, whose per-call native copies outweigh the arithmetic; ND4J stays selectable
    @Option(names = "--kernel", paramLabel = "java|nd4j", defaultValue = "java",
            description = "Cosine-similarity kernel: java (fastest at EIBench's sizes) or nd4j (default:"
                    + " ${DEFAULT-VALUE}).")
    String kernel;

    @Range(min = 0, minExclusive = true, max = 1, why = "a cosine similarity above which two triggers match")
    @Option(names = "--tau", paramLabel = "X",
            description = "Semantic recall's similarity threshold; default: the one calibrated for the --scorer"
                    + " encoder (the built-in calibration is MiniLM's; another encoder needs --calibration or --tau).")
    Double tau;

    @Option(names = "--calibration", paramLabel = "FILE",
            description = "A semantic-recall calibration made for the --scorer encoder (SemanticCalibration, see"
                    + " docs/scoring.md); default: the built-in one, for the embedded MiniLM.")
    Path calibration;

    @Option(names = "--partial",
            description = "Score a run that has not finished every sample (the scores say how many answers they"
                    + " cover, and a report refuses them once the run has more).")
    boolean partial;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Scoring.Result result;
        try {
            result = Scoring.score(config(), err::println);
        } catch (RunFolderException | UncalibratedEncoderException e) {
            err.println("eibench: " + e.getMessage());
            return Main.EXIT_USAGE;
        } catch (Scoring.UnfinishedRunException e) {
            err.println("eibench: " + e.getMessage());
            return Main.EXIT_PROBLEMS;
        } catch (DatasetException e) {
            e.problems().forEach(err::println);
            err.println("eibench: the dataset in " + eibenchDir + " has problems (eibench validate lists them)");
            return Main.EXIT_PROBLEMS;
        }
        PrintWriter out = spec.commandLine().getOut();
        ScoreSummary.print(out, result.scores());
        out.println("written: " + result.scoresFile() + " and " + result.samplesFile());
        out.flush();
        return 0;
    }

    /** The scoring these options describe: without the judge, --semantic or --coherence, the latter two. */
    ScoreConfig config() throws IOException {
        Optional<ScoreConfig.Judge> judge = judgeOptions.judge();
        boolean none = judge.isEmpty() && !semantic && !coherence;
        Optional<ScoreConfig.Semantic> semanticRecall = semantic || none ? Optional.of(new ScoreConfig.Semantic(kernel,
                Optional.ofNullable(tau), Optional.ofNullable(calibration))) : Optional.empty();
        return new ScoreConfig(runDir, eibenchDir, Optional.ofNullable(benchmark).map(Benchmark::fromId), judge,
                semanticRecall, coherence || none, scorer, partial, statistics.settings());
    }
}
