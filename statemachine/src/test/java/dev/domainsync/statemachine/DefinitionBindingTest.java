package dev.domainsync.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.domainsync.statemachine.executor.StateMachineDefinition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SAM and the local executor share one substitution map: every {@code ${...}} of the definition is bound, by
 * exactly the same names, in {@code sam/template.yaml}'s DefinitionSubstitutions and in {@link LocalFunctions}.
 */
class DefinitionBindingTest {

    private static final Path SAM_TEMPLATE = Path.of("..", "sam", "template.yaml");
    private static final Pattern BLOCK_START = Pattern.compile("^( *)DefinitionSubstitutions:\\s*$");
    private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z0-9_]+):");
    private static final Pattern TIMEOUT = Pattern.compile("^( *)Timeout: *(\\d+) *$");

    private final Set<String> placeholders = StateMachineDefinition.placeholders(LocalWorkflow.definitionJson());

    @Test
    void definition_hasAFunctionPlaceholderPerStep() {
        assertThat(placeholders).containsExactlyElementsOf(
                LocalFunctions.STEPS.stream().map(step -> step + "FunctionArn").toList());
    }

    @Test
    void definitionPlaceholders_areExactlyTheLocalFunctionsSubstitutions() {
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        LocalFunctions.STEPS.forEach(step -> handlers.put(step, (in, out, context) -> { }));

        Set<String> bound = LocalFunctions.of(handlers).substitutions().keySet();

        assertThat(bound).containsExactlyInAnyOrderElementsOf(placeholders);
    }

    @Test
    void definitionPlaceholders_areExactlyTheSamTemplatesDefinitionSubstitutions() throws IOException {
        List<String> bound = definitionSubstitutionKeys(Files.readAllLines(SAM_TEMPLATE, StandardCharsets.UTF_8));

        assertThat(bound).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(placeholders);
    }

    @Test
    void stepFunctionTimeouts_areTheSamTemplatesTimeouts() throws IOException {
        Map<String, Duration> templateTimeouts =
                functionTimeouts(Files.readAllLines(SAM_TEMPLATE, StandardCharsets.UTF_8), LocalFunctions.STEPS);

        assertThat(LocalFunctions.TIMEOUTS).containsExactlyInAnyOrderEntriesOf(templateTimeouts);
    }

    @Test
    void timeoutParser_takesAFunctionsOwnTimeoutOverTheGlobalOne() {
        Map<String, Duration> timeouts = functionTimeouts(List.of(
                "Globals:",
                "  Function:",
                "    Timeout: 120",
                "Resources:",
                "  AFunction:",
                "    Type: AWS::Serverless::Function",
                "    Properties:",
                "      Timeout: 30",
                "  ALogGroup:",
                "    Properties:",
                "      Timeout: 1",
                "  BFunction:",
                "    Properties:",
                "      Handler: b"), List.of("A", "B"));

        assertThat(timeouts).containsExactlyInAnyOrderEntriesOf(
                Map.of("A", Duration.ofSeconds(30), "B", Duration.ofSeconds(120)));
    }

    /** Each step's {@code <Step>Function} Timeout: its own {@code Properties.Timeout}, else the Globals one. */
    private static Map<String, Duration> functionTimeouts(List<String> lines, List<String> steps) {
        Long global = null;
        Map<String, Long> own = new LinkedHashMap<>();
        String section = "";
        String resource = "";
        for (String line : lines) {
            if (!line.startsWith(" ") && line.endsWith(":")) {
                section = line;
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (key.find() && key.group(1).length() == 2) {
                resource = key.group(2);
            }
            Matcher timeout = TIMEOUT.matcher(line);
            if (timeout.matches()) {
                if (section.equals("Globals:") && timeout.group(1).length() == 4) {
                    global = Long.parseLong(timeout.group(2));
                } else if (section.equals("Resources:") && timeout.group(1).length() == 6) {
                    own.put(resource, Long.parseLong(timeout.group(2)));
                }
            }
        }
        assertThat(global).as("Globals.Function.Timeout in the template").isNotNull();
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        for (String step : steps) {
            timeouts.put(step, Duration.ofSeconds(own.getOrDefault(step + "Function", global)));
        }
        return timeouts;
    }

    @Test
    void templateParser_readsOnlyTheKeysDirectlyUnderTheBlock() {
        List<String> keys = definitionSubstitutionKeys(List.of(
                "  StateMachine:",
                "    Properties:",
                "      DefinitionSubstitutions:",
                "        # a comment",
                "        AFunctionArn: !Ref A.Alias",
                "",
                "        BFunctionArn:",
                "          Fn::GetAtt: [B, Arn]",
                "      Tracing:",
                "        Enabled: true"));

        assertThat(keys).containsExactly("AFunctionArn", "BFunctionArn");
    }

    /** The keys of the one DefinitionSubstitutions mapping: the lines indented one level below it. */
    private static List<String> definitionSubstitutionKeys(List<String> lines) {
        List<String> keys = new ArrayList<>();
        int blocks = 0;
        int blockIndent = -1;
        int keyIndent = -1;
        for (String line : lines) {
            Matcher start = BLOCK_START.matcher(line);
            if (start.matches()) {
                blocks++;
                blockIndent = start.group(1).length();
                keyIndent = -1;
                continue;
            }
            if (blockIndent < 0 || line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            if (indent <= blockIndent) {
                blockIndent = -1;
                continue;
            }
            Matcher key = KEY.matcher(line);
            if (keyIndent < 0) {
                keyIndent = indent;
            }
            if (indent == keyIndent && key.find()) {
                keys.add(key.group(2));
            }
        }
        assertThat(blocks).as("DefinitionSubstitutions blocks in the template").isEqualTo(1);
        return keys;
    }
}
