/**
 * A whole evaluation behind the verbs: {@link org.eibench.engine.evaluation.RunConfig} says what to run,
 * {@link org.eibench.engine.evaluation.Evaluation#run} loads the dataset and models, answers and finishes the folder.
 */
package org.eibench.engine.evaluation;
