package dev.domainsync.statemachine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domainsync.registry.TestDatabase;
import dev.domainsync.registry.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code domain-sync} command in the README's {@code sh} blocks, run in order through the CLI's real entry
 * point as if from the repository root, against one fresh database for {@code $DB}; it must exit 0. Commands that need
 * an AWS account or start a server are reported as skipped with the reason, so that none disappears silently.
 */
class ReadmeExamplesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String JAR = "java -jar statemachine/target/domain-sync.jar ";

    @TempDir
    static Path outputs;

    @TestFactory
    Stream<DynamicTest> readmeCommands_runAsWrittenFromTheRepositoryRoot() throws IOException {
        List<String> commands = commands(Files.readString(ROOT.resolve("README.md")));
        assertThat(commands).as("domain-sync commands in README.md").hasSizeGreaterThan(10);
        TestDatabase db = TestDatabases.empty();
        return commands.stream().map(command -> DynamicTest.dynamicTest(command, () -> {
            skipReason(command).ifPresent(reason -> Assumptions.abort(reason + ": " + command));
            CliRun run = CliRun.execute(args(command, db.jdbcUrl()));
            assertThat(run.exitCode()).as(command + "\n" + run).isZero();
        }));
    }

    /** Why a command cannot run here, or empty when it can. */
    static Optional<String> skipReason(String command) {
        if (command.contains("--region") || command.contains("--state-machine-arn")
                || command.contains("--execution-arn")) {
            return Optional.of("needs an AWS account");
        }
        if (command.contains("serve-snapshot")) {
            return Optional.of("starts a server that runs until stopped");
        }
        return Optional.empty();
    }

    /** The domain-sync commands of the README's sh blocks, continuation lines joined, in order. */
    static List<String> commands(String readme) {
        List<String> commands = new ArrayList<>();
        boolean inShell = false;
        StringBuilder pending = new StringBuilder();
        for (String line : readme.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```")) {
                inShell = !inShell && trimmed.equals("```sh");
                continue;
            }
            if (!inShell || trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            pending.append(trimmed.endsWith("\\") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
            if (trimmed.endsWith("\\")) {
                continue;
            }
            String command = pending.toString().replaceAll("\\s+#\\s.*$", "").strip();
            pending.setLength(0);
            int at = command.indexOf(JAR);
            if (command.startsWith("$J ")) {
                commands.add(command.substring(3).strip());
            } else if (at >= 0) {
                commands.add(command.substring(at + JAR.length()).strip());
            } else if (command.contains("$J ")) {
                commands.add(command.substring(command.indexOf("$J ") + 3).strip());
            }
        }
        return commands;
    }

    /** The command's words as a shell splits them, with $DB the test database and ./DIR a fresh folder. */
    private static String[] args(String command, String jdbcUrl) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words.stream().map(w -> resolve(w.replace("$DB", jdbcUrl))).toArray(String[]::new);
    }

    private static String resolve(String word) {
        if (word.startsWith("examples/")) {
            return ROOT.resolve(word).toString();
        }
        if (word.startsWith("./")) {
            return outputs.resolve(word.substring(2)).toString();
        }
        return word;
    }
}
