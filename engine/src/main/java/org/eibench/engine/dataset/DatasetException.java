package org.eibench.engine.dataset;

import java.util.List;
import java.util.stream.Collectors;

/** The EIBench files could not be loaded; carries every problem found, not just the first. */
public final class DatasetException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public DatasetException(List<Problem> problems) {
        super(problems.size() + " problem(s) in the EIBench files:\n"
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in file then line order. */
    public List<Problem> problems() {
        return problems;
    }
}
