package org.eibench.models.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Map;
import org.eibench.models.json.JsonMappers.Option;
import org.junit.jupiter.api.Test;

class JsonMappersTest {
    record Point(int x) {}

    @Test
    void withoutOptionsAnUnknownPropertyFailsAndTheOutputIsCompact() throws Exception {
        ObjectMapper json = JsonMappers.create();
        assertThrows(UnrecognizedPropertyException.class, () -> json.readValue("{\"x\":1,\"y\":2}", Point.class));
        assertEquals("{\"x\":1}", json.writeValueAsString(new Point(1)));
        assertEquals(2, json.readTree("{\"a\":1,\"a\":2}").get("a").asInt(), "the last duplicate wins by default");
    }

    @Test
    void ignoreUnknownPropertiesReadsTheKnownOnes() throws Exception {
        ObjectMapper json = JsonMappers.create(Option.IGNORE_UNKNOWN_PROPERTIES);
        assertEquals(new Point(1), json.readValue("{\"x\":1,\"y\":2}", Point.class));
    }

    @Test
    void rejectDuplicateKeysNamesTheKey() {
        ObjectMapper json = JsonMappers.create(Option.REJECT_DUPLICATE_KEYS);
        JsonParseException e = assertThrows(JsonParseException.class, () -> json.readTree("{\"a\":1,\"a\":2}"));
        assertEquals(true, e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void indentPrettyPrintsAndOptionsCombine() throws Exception {
        ObjectMapper json = JsonMappers.create(Option.INDENT, Option.IGNORE_UNKNOWN_PROPERTIES);
        assertEquals("{" + System.lineSeparator() + "  \"x\" : 1" + System.lineSeparator() + "}",
                json.writeValueAsString(new Point(1)));
        assertEquals(new Point(3), json.readValue("{\"x\":3,\"z\":0}", Point.class));
        assertEquals("{\"k\":\"v\"}", JsonMappers.create().writeValueAsString(Map.of("k", "v")),
                "each call builds its own mapper");
    }
}
