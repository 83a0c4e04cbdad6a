package dev.domainsync.statemachine.executor;

import com.dashjoin.jsonata.Functions;
import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the JSONata strings of a state's fields with dashjoin's JSONata, binding {@code $states}, the
 * variables in scope and Step Functions' extra functions ($partition, $range, $hash, $random, $uuid, $parse).
 *
 * <p>Deliberate differences from plain dashjoin: {@code $now()} and {@code $millis()} read the virtual clock,
 * {@code $random()} and {@code $uuid()} draw from the run's seeded random, and {@code $eval} is unavailable, as in
 * Step Functions. Expressions get no input document, so a top-level {@code $} or bare field name is undefined.
 * As in JSONata itself, a path or filter matching one value yields that value, not a one-element array, unless
 * the path ends in {@code []}.
 */
final class JsonataEvaluator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern VARIABLE = Pattern.compile("\\$([\\p{L}_][\\p{L}\\p{N}_]*)");
    private static final Set<String> HASH_ALGORITHMS = Set.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");
    private static final int RANGE_LIMIT = 1000;

    private final Map<String, Jsonata> parsed = new HashMap<>();
    private final VirtualClock clock;
    private final Random random;

    JsonataEvaluator(VirtualClock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    /**
     * Where an evaluation happens, for the Cause of a QueryEvaluationError and the links of its EvaluationFailed.
     *
     * @param enteredPreviousEventId the previousEventId of the state's entered event
     */
    record Site(String stateName, long enteredEventId, long enteredPreviousEventId) {

        /** The opening AWS gives the Cause of an error raised in this state. */
        String causePrefix() {
            return "An error occurred while executing the state '" + stateName + "' (entered at the event id #"
                    + enteredEventId + "). ";
        }
    }

    /** What an expression can see: {@code $states} and the variables in scope. */
    record Bindings(Map<String, Object> states, Scope scope) {
    }

    static boolean isExpression(String text) {
        return text.length() >= 4 && text.startsWith("{%") && text.endsWith("%}");
    }

    static String expressionOf(String text) {
        return text.substring(2, text.length() - 2).trim();
    }

    static Jsonata parse(String expression) {
        return Jsonata.jsonata(expression);
    }

    /**
     * Evaluates {@code template}: a JSONata string is replaced by its result, objects and arrays are evaluated
     * member by member, anything else is copied.
     *
     * @param location the field's path for error messages, e.g. {@code Arguments}
     */
    JsonNode evaluate(JsonNode template, Bindings bindings, Site site, String location) {
        if (template.isTextual() && isExpression(template.asText())) {
            return evaluateExpression(expressionOf(template.asText()), bindings, site, location);
        }
        if (template.isObject()) {
            ObjectNode result = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : template.properties()) {
                result.set(field.getKey(), evaluate(field.getValue(), bindings, site,
                        location + "/" + field.getKey()));
            }
            return result;
        }
        if (template.isArray()) {
            ArrayNode result = NODES.arrayNode();
            for (int i = 0; i < template.size(); i++) {
                result.add(evaluate(template.get(i), bindings, site, location + "/" + i));
            }
            return result;
        }
        return template.deepCopy();
    }

    /**
     * Evaluates a Map's {@code Items}, which must give an array; otherwise the Cause is AWS's for the field
     * (the texts LocalStack's Map state reproduces from histories recorded on AWS).
     */
    JsonNode evaluateItems(JsonNode template, Bindings bindings, Site site) {
        if (!(template.isTextual() && isExpression(template.asText()))) {
            return evaluate(template, bindings, site, "Items");
        }
        String expression = expressionOf(template.asText());
        JsonNode items;
        try {
            items = toJson(evaluateRaw(expression, bindings, site, "Items"));
        } catch (IllegalArgumentException e) {
            throw QueryEvaluationFailure.of("Items", "The JSONata expression '" + expression
                    + "' for the field 'Items' returned an unsupported result type.");
        }
        if (!items.isArray()) {
            throw QueryEvaluationFailure.of("Items", "The JSONata expression '" + expression + "' specified for the "
                    + "field 'Items' returned an unexpected result type. Expected 'array', but was '"
                    + items.getNodeType().name().toLowerCase() + "' for value: " + RunRecorder.json(items));
        }
        return items;
    }

    private JsonNode evaluateExpression(String expression, Bindings bindings, Site site, String location) {
        Object result = evaluateRaw(expression, bindings, site, location);
        try {
            return toJson(result);
        } catch (IllegalArgumentException e) {
            throw failure(expression, site, location, "returned an unsupported result type: " + e.getMessage());
        }
    }

    /** The expression's result as dashjoin gives it; never undefined. */
    private Object evaluateRaw(String expression, Bindings bindings, Site site, String location) {
        Object result;
        try {
            Jsonata jsonata = parsed.computeIfAbsent(expression, JsonataEvaluator::parse);
            jsonata.setOutputConvertNulls(false);
            Jsonata.Frame frame = jsonata.createFrame();
            frame.bind("states", bindings.states());
            Matcher names = VARIABLE.matcher(expression);
            while (names.find()) {
                String name = names.group(1);
                if (!"states".equals(name)) {
                    bindings.scope().lookup(name).ifPresent(value -> frame.bind(name, toJava(value)));
                }
            }
            bindFunctions(frame);
            result = jsonata.evaluate(null, frame);
        } catch (JException | IllegalArgumentException | ArithmeticException | ClassCastException e) {
            throw failure(expression, site, location, "threw an error: " + e.getMessage());
        }
        if (result == null) {
            throw failure(expression, site, location, "returned nothing (undefined).");
        }
        return result;
    }

    private static QueryEvaluationFailure failure(String expression, Site site, String location, String what) {
        return QueryEvaluationFailure.of(location, site.causePrefix() + "The JSONata expression '" + expression
                + "' specified for the field '" + location + "' " + what);
    }

    private void bindFunctions(Jsonata.Frame frame) {
        frame.bind("partition", new Jsonata.JFunction((input, args) -> partition(args), null));
        frame.bind("range", new Jsonata.JFunction((input, args) -> range(args), null));
        frame.bind("hash", new Jsonata.JFunction((input, args) -> hash(args), null));
        frame.bind("random", new Jsonata.JFunction((input, args) -> random(args), null));
        frame.bind("uuid", new Jsonata.JFunction((input, args) -> uuid(args), null));
        frame.bind("parse", new Jsonata.JFunction((input, args) -> parseJson(args), null));
        frame.bind("now", new Jsonata.JFunction((input, args) -> now(args), null));
        frame.bind("millis", new Jsonata.JFunction((input, args) -> clock.millis(), null));
        frame.bind("eval", new Jsonata.JFunction((input, args) -> {
            throw new JException("$eval is not available in Step Functions; use $parse", 0);
        }, null));
    }

    private static Object partition(List<?> args) {
        if (args.size() != 2 || !(args.get(0) instanceof List<?> array) || !isInteger(args.get(1))
                || ((Number) args.get(1)).longValue() < 1) {
            throw new JException("$partition(array, size) needs an array and a positive integer size", 0);
        }
        int size = ((Number) args.get(1)).intValue();
        List<Object> chunks = new ArrayList<>();
        for (int from = 0; from < array.size(); from += size) {
            chunks.add(new ArrayList<>(array.subList(from, Math.min(array.size(), from + size))));
        }
        return chunks;
    }

    private static Object range(List<?> args) {
        if (args.size() != 3 || !args.stream().allMatch(JsonataEvaluator::isInteger)
                || ((Number) args.get(2)).longValue() == 0) {
            throw new JException("$range(start, end, step) needs three integers and a non-zero step", 0);
        }
        long start = ((Number) args.get(0)).longValue();
        long end = ((Number) args.get(1)).longValue();
        long step = ((Number) args.get(2)).longValue();
        List<Object> values = new ArrayList<>();
        for (long value = start; step > 0 ? value <= end : value >= end; value += step) {
            if (values.size() == RANGE_LIMIT) {
                throw new JException("$range would return more than " + RANGE_LIMIT + " items", 0);
            }
            values.add(value);
        }
        // Like a JSONata sequence of one, a single value comes back as that value, not as a one-element array.
        return values.size() == 1 ? values.get(0) : values;
    }

    private static Object hash(List<?> args) {
        if (args.size() != 2 || !(args.get(0) instanceof String value) || !(args.get(1) instanceof String algorithm)
                || !HASH_ALGORITHMS.contains(algorithm)) {
            throw new JException("$hash(value, algorithm) needs a string and one of " + HASH_ALGORITHMS, 0);
        }
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object random(List<?> args) {
        if (args.isEmpty()) {
            return random.nextDouble();
        }
        if (args.size() == 1 && isInteger(args.get(0))) {
            return new Random(((Number) args.get(0)).longValue()).nextDouble();
        }
        throw new JException("$random([seed]) takes an optional integer seed", 0);
    }

    private Object uuid(List<?> args) {
        if (!args.isEmpty()) {
            throw new JException("$uuid() takes no arguments", 0);
        }
        return randomUuid(random).toString();
    }

    static UUID randomUuid(Random random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (bytes[i] & 0xff);
            least = (least << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(most, least);
    }

    private static Object parseJson(List<?> args) {
        if (args.size() != 1 || !(args.get(0) instanceof String text)) {
            throw new JException("$parse(jsonString) takes one string", 0);
        }
        try {
            return toJava(Json.mapper().readTree(text));
        } catch (JsonProcessingException e) {
            throw new JException("$parse: not valid JSON: " + e.getOriginalMessage(), 0);
        }
    }

    private Object now(List<?> args) {
        if (args.isEmpty()) {
            return Functions.dateTimeFromMillis(clock.millis(), null, null);
        }
        String picture = args.get(0) instanceof String text ? text : null;
        String timezone = args.size() > 1 && args.get(1) instanceof String text ? text : null;
        return Functions.dateTimeFromMillis(clock.millis(), picture, timezone);
    }

    private static boolean isInteger(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return true;
        }
        return value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
                && !Double.isInfinite(number.doubleValue());
    }

    /**
     * JSON to the plain Map/List/String/Number/Boolean values dashjoin works on. JSON null is dashjoin's
     * {@link Jsonata#NULL_VALUE}: a variable bound to Java null would read as undefined, not as null.
     */
    static Object toJava(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (node.isNull()) {
            return Jsonata.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(field -> map.put(field.getKey(), toJava(field.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(toJava(element)));
            return list;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        return node.doubleValue();
    }

    /** A JSONata result back to JSON; integral numbers print without a fraction, as JSONata prints them. */
    static JsonNode toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, member) -> object.set(String.valueOf(key), toJson(member)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(element -> array.add(toJson(element)));
            return array;
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return NODES.numberNode(big);
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("number " + d + " cannot be represented in JSON");
            }
            if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
                return NODES.numberNode((long) d);
            }
            return value instanceof BigDecimal decimal ? NODES.numberNode(decimal) : NODES.numberNode(d);
        }
        throw new IllegalArgumentException(value.getClass().getSimpleName());
    }
}
