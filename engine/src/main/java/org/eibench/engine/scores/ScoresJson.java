package org.eibench.engine.scores;

import org.eibench.models.json.JsonMappers;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The one Jackson configuration for scores.json, samples.jsonl and report.json. */
public final class ScoresJson {
    /** Pretty for files people read; lenient on unknown fields so newer files stay readable. */
    public static final ObjectMapper MAPPER = JsonMappers.create(JsonMappers.Option.INDENT,
            JsonMappers.Option.IGNORE_UNKNOWN_PROPERTIES);

    /** One object per line. */
    public static final ObjectMapper LINES = MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT);

    private ScoresJson() {}
}
