/** The LLM judge of EIBench: reference prompts and sampling as data, score parsing, judge.jsonl and trigger recall. */
package org.eibench.engine.judge;
