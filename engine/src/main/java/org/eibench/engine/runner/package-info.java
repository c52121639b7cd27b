/** The evaluation runner: answers every selected sample in a mode, through the continuous-batching scheduler. */
package org.eibench.engine.runner;
