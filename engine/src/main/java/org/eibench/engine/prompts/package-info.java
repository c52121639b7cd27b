/** Modes, personas and CFSA stages as data: prompt templates, the step model a runner executes, and validation. */
package org.eibench.engine.prompts;
