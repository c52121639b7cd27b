package org.eibench.engine.report;

/**
 * The judge's bookkeeping of one run, for the details table.
 *
 * @param run the run folder's name
 * @param benchmark {@code basic} or {@code complex}
 * @param judgeModel the judge model
 * @param policy the judge policy's name
 * @param samples samples judged
 * @param failures samples without a valid score
 * @param exhausted samples whose every attempt lacked the marker
 * @param malformed samples with C &gt; T or T = 0
 * @param noScore samples whose reply had no score
 * @param recall our overall recall
 * @param referenceCompatible the reference scripts' overall figure
 * @param referenceSkipped lines the reference script could not have counted
 */
public record RunDetail(
        String run,
        String benchmark,
        String judgeModel,
        String policy,
        int samples,
        int failures,
        int exhausted,
        int malformed,
        int noScore,
        Double recall,
        Double referenceCompatible,
        int referenceSkipped) {}
