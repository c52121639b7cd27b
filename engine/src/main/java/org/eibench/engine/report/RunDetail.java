package org.eibench.engine.report;

/**
 * The judge's bookkeeping of one run, for the details table.
 *
 * @param run the run folder's name
 * @param benchmark {@code basic} or {@code complex}
 * @param judgeModel the judge model
 * @param policy the judge policy's name
 * @param samples samples judged
 * @param failures samples without a valid score, failed generations included
 * @param generationFailed samples whose answer failed to generate (not judged, as the reference)
 * @param exhausted samples whose every attempt lacked the marker
 * @param malformed samples with C &gt; T or T = 0
 * @param noScore samples whose reply had no score
 * @param recall the strict overall recall
 * @param referenceCompatible the reference scripts' overall figure (paper-comparable)
 * @param referenceSkipped lines the reference script could not have counted
 * @param protocol {@code reference}, or {@code own protocol: } with run.json's reasons; null when run.json does not
 *     say
 */
public record RunDetail(
        String run,
        String benchmark,
        String judgeModel,
        String policy,
        int samples,
        int failures,
        int generationFailed,
        int exhausted,
        int malformed,
        int noScore,
        Double recall,
        Double referenceCompatible,
        int referenceSkipped,
        String protocol) {}
