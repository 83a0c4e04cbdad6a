package dev.domainsync.statemachine.executor;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Amazon States Language definition in QueryLanguage JSONata, with its {@code ${...}} placeholders
 * substituted and every field checked against what the local executor implements.
 *
 * <p>Supported: the top-level fields Comment, StartAt, States, QueryLanguage (JSONata only), TimeoutSeconds and
 * Version; the state types Task (Lambda function ARNs), Pass, Choice, Map (inline), Wait, Succeed and Fail with
 * their JSONata fields. Anything else fails {@link #load} with a message naming the state and field.
 */
public final class StateMachineDefinition {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private final String comment;
    private final StatesBlock states;
    private final OptionalLong timeoutSeconds;

    StateMachineDefinition(String comment, StatesBlock states, OptionalLong timeoutSeconds) {
        this.comment = comment;
        this.states = states;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * Substitutes every {@code ${Name}} placeholder the way SAM's DefinitionSubstitutions do (plain text
     * replacement), then parses and validates the definition.
     *
     * @throws DefinitionException if a placeholder is unbound or the definition uses anything unsupported
     */
    public static StateMachineDefinition load(String json, Map<String, String> substitutions) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(substitutions, "substitutions");
        Matcher matcher = PLACEHOLDER.matcher(json);
        StringBuilder substituted = new StringBuilder(json.length());
        while (matcher.find()) {
            String name = matcher.group(1);
            String value = substitutions.get(name);
            if (value == null) {
                throw new DefinitionException("placeholder '${" + name + "}' is not bound");
            }
            matcher.appendReplacement(substituted, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(substituted);
        return DefinitionParser.parse(substituted.toString());
    }

    /** The names of every {@code ${Name}} placeholder in a definition's text, in order of first use. */
    public static Set<String> placeholders(String json) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = PLACEHOLDER.matcher(json);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    public Optional<String> comment() {
        return Optional.ofNullable(comment);
    }

    /** The top-level StartAt and States. */
    public StatesBlock states() {
        return states;
    }

    /** The execution's TimeoutSeconds, enforced on the virtual clock. */
    public OptionalLong timeoutSeconds() {
        return timeoutSeconds;
    }
}
