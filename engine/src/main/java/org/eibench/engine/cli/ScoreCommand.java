package org.eibench.engine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.DatasetException;
import org.eibench.engine.judge.JudgeJsonl;
import org.eibench.engine.judge.JudgePolicy;
import org.eibench.engine.metrics.LongTermCoherence;
import org.eibench.engine.metrics.SemanticCalibration;
import org.eibench.engine.metrics.SemanticRecall;
import org.eibench.engine.run.RecordsDigest;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.RunFolderException;
import org.eibench.engine.run.RunFolderLock;
import org.eibench.engine.scores.CoherenceSection;
import org.eibench.engine.scores.JudgeSection;
import org.eibench.engine.scores.RunIdentity;
import org.eibench.engine.scores.ScoresWriter;
import org.eibench.engine.scores.SemanticSection;
import org.eibench.engine.runner.ProgressReporter;
import org.eibench.models.vlm.GenerationService;
import org.eibench.engine.scoring.RunScorer;
import org.eibench.engine.scoring.ScheduledTextGenerator;
import org.eibench.engine.scoring.ScoreSummary;
import org.eibench.engine.scoring.ScoringInput;
import org.eibench.kernels.similarity.CosineKernel;
import org.eibench.kernels.similarity.CosineKernels;
import org.eibench.models.scorer.SentenceEncoder;
import org.eibench.models.scorer.SentenceEncoders;
import org.eibench.models.vlm.VisionLanguageModel;
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
            "",
            "Example:",
            "  eibench score runs/llava-user --eibench EIBench/EIBench \\",
            "      --judge Meta-Llama-3-8B-Instruct.Q8_0.gguf",
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

    @Option(names = "--partial",
            description = "Score a run that has not finished every sample (the scores say how many answers they"
                    + " cover, and a report refuses them once the run has more).")
    boolean partial;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!java.nio.file.Files.isDirectory(runDir)) {
            err.println("eibench: " + runDir + " is not a folder; give a run folder (made by eibench run)");
            return Main.EXIT_USAGE;
        }
        // locked while scoring: a run writing into the folder now would make these scores stale at once
        try (RunFolderLock lock = RunFolderLock.acquire(runDir, "eibench score")) {
            String unfinished = RunFolder.unfinished(runDir);
            if (unfinished != null && !partial) {
                err.println("eibench: " + unfinished + "; finish it (rerun the same eibench run command) or pass"
                        + " --partial to score the answers it has");
                return Main.EXIT_PROBLEMS;
            }
            return score(err, RecordsDigest.of(runDir));
        } catch (RunFolderException e) {
            err.println("eibench: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
    }

    private Integer score(PrintWriter err, RecordsDigest answers) throws Exception {
        if (judgeOptions.model() == null && !semantic && !coherence) {
            semantic = true;
            coherence = true;
        }
        ScoringInput input;
        try {
            input = ScoringInput.load(runDir, eibenchDir, benchmark == null ? null : Benchmark.fromId(benchmark));
        } catch (DatasetException e) {
            e.problems().forEach(err::println);
            err.println("eibench: the dataset in " + eibenchDir + " has problems (eibench validate lists them)");
            return Main.EXIT_PROBLEMS;
        }
        RunScorer scorer = new RunScorer(input);
        err.printf(Locale.ROOT, "scoring %d %s answers in %s%n", input.entries().size(), input.benchmark().id(),
                runDir);

        JudgeSection judged = null;
        if (judgeOptions.model() != null) {
            judged = judge(scorer, err);
        }
        SemanticSection semanticSection = null;
        CoherenceSection coherenceSection = null;
        if (semantic || coherence) {
            try (SentenceEncoder encoder = SentenceEncoders.open(this.scorer)) {
                if (semantic) {
                    try (CosineKernel cosine = CosineKernels.byName(kernel)) {
                        double tau = SemanticCalibration.load().threshold();
                        semanticSection = scorer.semantic(new SemanticRecall(encoder, cosine, tau), encoder.name(),
                                cosine.name());
                    }
                }
                if (coherence) {
                    coherenceSection = scorer.coherence(new LongTermCoherence(encoder), encoder.name(), this.scorer);
                }
            }
        }
        var scores = ScoresWriter.assemble(RunIdentity.fromRunFolder(runDir), judged, semanticSection,
                coherenceSection, answers);
        ScoresWriter.write(runDir, scores, scorer.samples());
        PrintWriter out = spec.commandLine().getOut();
        ScoreSummary.print(out, judged, semanticSection, coherenceSection);
        out.println("written: " + runDir.resolve("scores.json") + " and " + runDir.resolve(scores.samplesFile()));
        out.flush();
        return 0;
    }

    private JudgeSection judge(RunScorer scorer, PrintWriter err) throws Exception {
        JudgePolicy policy = JudgePolicy.load(judgeOptions.grammar() ? "grammar" : "reference");
        try (VisionLanguageModel model = VisionLanguageModel.load(judgeOptions.spec());
                GenerationService service = model.service()) {
            var generator = new ScheduledTextGenerator(service, judgeOptions.model().getFileName().toString());
            RunScorer.JudgeOutcome outcome;
            // the run's bar: samples judged, those left without a score as failures, judge tok/s, ETA
            try (ProgressReporter progress = new ProgressReporter("judge", scorer.samples().size(), 0,
                    service::generatedTokens)) {
                outcome = scorer.judge(generator, policy, judgeOptions.seed(), progress::step);
            }
            BenchCommand.printWork(err, "judge", service.stats().work(), service.parallelism());
            List<org.eibench.engine.judge.JudgeLine> lines = new ArrayList<>();
            outcome.verdicts().forEach(v -> lines.add(v.line()));
            JudgeJsonl.write(runDir.resolve("judge.jsonl"), lines);
            err.println("judge replies: " + runDir.resolve("judge.jsonl"));
            return outcome.section();
        }
    }
}
