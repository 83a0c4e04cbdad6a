package dev.domainsync.statemachine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's "Layout" section against the tree: every folder at the top is a row, every Java package of a module is
 * named in its row, and every file, folder, package, class or command a row names exists.
 */
class ReadmeLayoutTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern ROW = Pattern.compile("(?m)^\\| (.+?) \\| (.+) \\|$");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern PACKAGE = Pattern.compile("[a-z]+");
    private static final Pattern QUALIFIED_PACKAGE = Pattern.compile("[a-z]+(?:\\.[a-z]+)+");
    private static final Pattern CLASS = Pattern.compile("(?:([a-z]+)\\.)?([A-Z]\\w*)(?:\\.\\w+(?:\\(\\))?)?");
    /** The folder below each module's source roots whose subfolders are its packages. */
    private static final Map<String, String> PACKAGE_ROOT = Map.of("lambdas", "dev/domainsync",
            "statemachine", "dev/domainsync/statemachine", "bench", "dev/domainsync/bench");

    private static final Map<String, String> ROWS = rows();

    @Test
    void everyFolderAtTheTop_hasARow() throws IOException {
        Set<String> ignored = Set.of(".git", ".idea", ".vscode", "target", "node_modules", "report");
        try (Stream<Path> top = Files.list(ROOT)) {
            List<String> folders = top.filter(Files::isDirectory).map(path -> path.getFileName().toString())
                    .filter(name -> !ignored.contains(name)).toList();
            assertThat(ROWS.keySet()).as("the Layout table's first column")
                    .containsAll(folders.stream().map(name -> name + "/").toList());
        }
    }

    @Test
    void everyJavaPackage_isNamedInItsModulesRow() {
        for (Map.Entry<String, String> module : PACKAGE_ROOT.entrySet()) {
            String row = ROWS.get(module.getKey() + "/");
            List<String> named = codeSpans(row);
            for (String sourceRoot : List.of("src/main/java", "src/test/java")) {
                for (String pkg : packages(ROOT.resolve(module.getKey()).resolve(sourceRoot)
                        .resolve(module.getValue()))) {
                    if (module.getKey().equals("bench") || sourceRoot.equals("src/test/java")
                            && Files.isDirectory(mainPackage(module.getKey(), module.getValue(), pkg))) {
                        continue;
                    }
                    assertThat(named).as("package %s of %s, named in its Layout row", pkg, module.getKey())
                            .anyMatch(span -> span.equals(pkg) || span.startsWith(pkg + "."));
                }
            }
        }
    }

    @Test
    void everythingARowNames_exists() {
        Set<String> commands = DomainSyncCli.commandLine().getSubcommands().keySet();
        List<String> missing = new ArrayList<>();
        ROWS.forEach((paths, row) -> {
            List<Path> dirs = Stream.of(ROOT.resolve(paths)).filter(Files::isDirectory).toList();
            for (String span : codeSpans(row)) {
                if (!exists(span, dirs, commands)) {
                    missing.add(paths + " names " + span);
                }
            }
        });
        assertThat(missing).as("names in README's Layout that the tree does not have").isEmpty();
    }

    private static boolean exists(String span, List<Path> dirs, Set<String> commands) {
        if (span.contains("target/")) {
            return true; // a build output, there after mvn package
        }
        if (dirs.stream().anyMatch(dir -> Files.exists(dir.resolve(span))) || Files.exists(ROOT.resolve(span))) {
            return true;
        }
        if (PACKAGE.matcher(span).matches()) {
            return commands.contains(span) || dirs.stream().anyMatch(dir -> isPackage(dir, span));
        }
        if (commands.contains(span)) {
            return true;
        }
        if (QUALIFIED_PACKAGE.matcher(span).matches()) {
            return dirs.stream().anyMatch(dir -> Files.isDirectory(dir.resolve("src/main/java")
                    .resolve(span.replace('.', '/'))));
        }
        Matcher type = CLASS.matcher(span);
        return type.matches() && dirs.stream().anyMatch(dir -> hasClass(dir, type.group(1), type.group(2)));
    }

    private static boolean isPackage(Path module, String pkg) {
        String root = PACKAGE_ROOT.get(module.getFileName().toString());
        return root != null && Stream.of("src/main/java", "src/test/java")
                .anyMatch(source -> Files.isDirectory(module.resolve(source).resolve(root).resolve(pkg)));
    }

    private static boolean hasClass(Path module, String pkg, String name) {
        String root = PACKAGE_ROOT.get(module.getFileName().toString());
        if (root == null) {
            return false;
        }
        for (String source : List.of("src/main/java", "src/test/java")) {
            Path base = module.resolve(source).resolve(root);
            try (Stream<Path> files = Files.exists(base) ? Files.walk(base) : Stream.empty()) {
                if (files.anyMatch(file -> file.getFileName().toString().equals(name + ".java")
                        && (pkg == null || file.getParent().getFileName().toString().equals(pkg)))) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }

    private static Path mainPackage(String module, String root, String pkg) {
        return ROOT.resolve(module).resolve("src/main/java").resolve(root).resolve(pkg);
    }

    private static List<String> packages(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> codeSpans(String text) {
        List<String> spans = new ArrayList<>();
        Matcher matcher = CODE.matcher(text);
        while (matcher.find()) {
            spans.add(matcher.group(1));
        }
        return spans;
    }

    /** The Layout table: its first column (the paths, as written) to the whole row. */
    private static Map<String, String> rows() {
        try {
            String readme = Files.readString(ROOT.resolve("README.md"));
            int start = readme.indexOf("\n## Layout\n");
            assertThat(start).as("README's Layout section").isNotNegative();
            int end = readme.indexOf("\n## ", start + 1);
            Map<String, String> rows = new LinkedHashMap<>();
            Matcher row = ROW.matcher(readme.substring(start, end < 0 ? readme.length() : end));
            while (row.find()) {
                codeSpans(row.group(1)).forEach(path -> rows.put(path, row.group(0)));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
