/** Local, model-free-of-judge metrics: semantic trigger recall and long-term coherence. */
package org.eibench.engine.metrics;
