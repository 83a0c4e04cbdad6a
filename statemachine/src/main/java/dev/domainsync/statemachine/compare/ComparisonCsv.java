package dev.domainsync.statemachine.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code compare.csv}: one row per domain (domain, status, existing group, stack group, stack id, stack name,
 * reason), RFC 4180 quoting, UTF-8. Values are the data as it is, except that a cell a spreadsheet would run as a
 * formula (one starting with {@code = + - @}, or a tab or carriage return) gets a leading apostrophe.
 */
public final class ComparisonCsv {

    static final List<String> HEADER = List.of("domain", "status", "existing_group", "stack_group", "stack_id",
            "stack_name", "reason");

    private ComparisonCsv() {
    }

    public static void write(Comparison comparison, Path file) throws IOException {
        StringBuilder csv = new StringBuilder();
        row(csv, HEADER);
        for (ComparedDomain domain : comparison.domains()) {
            row(csv, List.of(value(domain.domain()), domain.status().code(), value(domain.existingGroup()),
                    value(domain.stackGroup()), value(domain.stackId()), value(domain.stackName()),
                    value(domain.reason())));
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private static void row(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            csv.append(i == 0 ? "" : ",").append(cell(cells.get(i)));
        }
        csv.append("\r\n");
    }

    static String cell(String value) {
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = safe.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    private static String value(String value) {
        return value == null ? "" : value;
    }
}
