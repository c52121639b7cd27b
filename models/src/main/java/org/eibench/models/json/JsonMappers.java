package org.eibench.models.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.EnumSet;
import java.util.Set;

/**
 * Builds every {@link ObjectMapper} of the project, so a setting that all of them need is added in one place.
 * Without options a mapper has Jackson's defaults: compact output, and an unknown property in a typed read fails.
 * Each call returns a new mapper (they are mutable); keep it in a {@code static final} field, where it is
 * thread-safe once configured.
 */
public final class JsonMappers {
    private JsonMappers() {
    }

    /** What a use may ask for beyond Jackson's defaults. */
    public enum Option {
        /** Pretty-printed output, for files people read (run.json, scores.json, calibration files). */
        INDENT,
        /** Typed reads skip properties the type does not know (files written by a newer or older version). */
        IGNORE_UNKNOWN_PROPERTIES,
        /** A JSON object naming the same key twice fails the read instead of keeping the last value. */
        REJECT_DUPLICATE_KEYS,
        /** A second value after the first ("{...}{...}", "{...} garbage") fails the read instead of being dropped. */
        REJECT_TRAILING_TOKENS
    }

    /** A new mapper with Jackson's defaults plus {@code options}. */
    public static ObjectMapper create(Option... options) {
        Set<Option> chosen = options.length == 0 ? EnumSet.noneOf(Option.class) : EnumSet.of(options[0], options);
        return JsonMapper.builder()
                .configure(SerializationFeature.INDENT_OUTPUT, chosen.contains(Option.INDENT))
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        !chosen.contains(Option.IGNORE_UNKNOWN_PROPERTIES))
                .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, chosen.contains(Option.REJECT_DUPLICATE_KEYS))
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, chosen.contains(Option.REJECT_TRAILING_TOKENS))
                .build();
    }
}
