package dev.robusta.signaling.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The one JSON configuration of the module: strict RFC 8259 parsing (as {@code JSON.parse}: no trailing tokens,
 * no comments, no NaN), bounded nesting, decimals kept exact, compact output with the keys in insertion order.
 */
public final class Json {
    /** Deeper documents are refused: no protocol here nests more than a few levels. */
    public static final int MAX_NESTING_DEPTH = 64;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private Json() {}

    /**
     * Parses one JSON value.
     *
     * @throws JsonProcessingException with a short message (no source excerpt) when it is not valid JSON
     */
    public static JsonNode parse(String text) throws JsonProcessingException {
        JsonNode node = MAPPER.readTree(text);
        if (node == null || node.isMissingNode()) {
            throw new com.fasterxml.jackson.core.JsonParseException(null, "No content to parse");
        }
        return node;
    }

    /** Compact serialisation, keys in insertion order. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    /** A parse error's message without Jackson's source excerpt. */
    public static String shortMessage(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        return m == null ? "invalid JSON" : m.replaceAll("\\s+", " ").trim();
    }
}
