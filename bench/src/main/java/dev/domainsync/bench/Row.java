package dev.domainsync.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One line of the results: which benchmark, which case of it, and what was measured (name to value, in the order
 * the table prints them). A benchmark's alternative is a case of its own, named so, beside the real thing.
 */
record Row(String benchmark, String scenario, Map<String, Object> values) {

    Row {
        values = new LinkedHashMap<>(values);
    }

    static Row of(String benchmark, String scenario) {
        return new Row(benchmark, scenario, Map.of());
    }

    Row with(String name, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(values);
        more.put(name, value);
        return new Row(benchmark, scenario, more);
    }

    String key() {
        return benchmark + " / " + scenario;
    }

    String measured() {
        return values.entrySet().stream()
                .map(entry -> entry.getKey() + " " + format(entry.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String format(Object value) {
        if (value instanceof Double number) {
            return number >= 100 ? String.format("%,.0f", number) : String.format("%.2f", number);
        }
        if (value instanceof Integer || value instanceof Long) {
            return String.format("%,d", ((Number) value).longValue());
        }
        return String.valueOf(value);
    }
}
