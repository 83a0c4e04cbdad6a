package dev.domainsync.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one benchmark command: runs every benchmark at the chosen size, prints the table and writes it as JSON with
 * the machine it ran on.
 *
 * <pre>java -jar bench/target/domain-sync-bench.jar [--size tiny|full] [--out bench.json] [--lambdas-jar PATH]</pre>
 *
 * {@code tiny} runs each benchmark once at a size that only shows it still works (CI does that); {@code full} runs
 * the sizes the README quotes.
 */
public final class BenchMain {

    /** What each size runs. */
    record Size(String name, List<Integer> applyClaims, List<Integer> backfillStacks, int billStacks,
                int steadyStacks, int steadyChanged, int coldStartRepetitions, boolean unprimedColdStarts,
                int coldStartParallelism) {

        static final Size TINY = new Size("tiny", List.of(100), List.of(50, 150), 150, 100, 1, 1, false, 4);
        static final Size FULL = new Size("full", List.of(10_000, 100_000), List.of(1_000, 10_000, 40_000), 10_000,
                2_000, 10, 3, true, 1);

        static Size named(String name) {
            return switch (name) {
                case "tiny" -> TINY;
                case "full" -> FULL;
                default -> throw new IllegalArgumentException("--size must be tiny or full, not '" + name + "'");
            };
        }
    }

    /** The parts {@code --only} can name; all of them by default. */
    static final Set<String> PARTS = new LinkedHashSet<>(List.of("apply", "cold-start", "backfill", "steady"));

    private BenchMain() {
    }

    public static void main(String[] args) throws IOException {
        Size size = Size.FULL;
        Path out = Path.of("bench.json");
        Path lambdasJar = defaultLambdasJar();
        Set<String> only = PARTS;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            switch (option) {
                case "--size" -> size = Size.named(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--lambdas-jar" -> lambdasJar = Path.of(args[++i]);
                case "--only" -> only = parts(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + option
                        + "; usage: [--size tiny|full] [--out bench.json] [--lambdas-jar PATH] [--only "
                        + String.join(",", PARTS) + "]");
            }
        }
        List<Row> rows = run(size, only, lambdasJar, out, System.out);
        System.out.println("wrote " + rows.size() + " rows to " + out);
    }

    /** Runs the benchmarks named in {@code only} at {@code size}, prints the table to {@code console}, writes {@code out}. */
    static List<Row> run(Size size, Set<String> only, Path lambdasJar, Path out, PrintStream console)
            throws IOException {
        Machine machine = Machine.atStart();
        Instant started = Instant.now();
        List<Row> rows = new ArrayList<>();
        try (BenchDatabase postgres = BenchDatabase.start()) {
            ApplyBench apply = new ApplyBench(postgres);
            for (int claims : only.contains("apply") ? size.applyClaims() : List.<Integer>of()) {
                progress("applying a run of %,d staged claims, set-based and per row", claims);
                rows.addAll(apply.run(claims));
            }
            if (only.contains("cold-start")) {
                progress("cold starts: a fresh JVM per measurement");
                rows.addAll(new ColdStartBench(postgres, lambdasJar, size.coldStartRepetitions(),
                        size.unprimedColdStarts(), size.coldStartParallelism()).run());
            }
            WorkflowBench workflow = new WorkflowBench(postgres);
            List<Row> bill = new ArrayList<>();
            if (only.contains("backfill")) {
                progress("backfills of %s stacks", size.backfillStacks());
                rows.addAll(workflow.backfills(size.backfillStacks(), size.billStacks(), bill));
            }
            if (only.contains("steady")) {
                progress("steady state: %,d stacks, %d changed, and their events", size.steadyStacks(),
                        size.steadyChanged());
                rows.addAll(workflow.steadyState(size.steadyStacks(), size.steadyChanged()));
            }
            rows.addAll(bill);
        }
        return finish(rows, machine, size, started, out, console);
    }

    private static List<Row> finish(List<Row> rows, Machine machine, Size size, Instant started, Path out,
            PrintStream console) throws IOException {
        Machine measured = machine.atEnd();
        print(rows, measured, size, console);
        write(rows, measured, size, started, out);
        return rows;
    }

    private static Set<String> parts(String names) {
        Set<String> parts = new LinkedHashSet<>(List.of(names.split(",")));
        if (parts.isEmpty() || !PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("--only takes some of " + String.join(",", PARTS) + ", not " + names);
        }
        return parts;
    }

    private static void progress(String format, Object... arguments) {
        System.err.printf("%s %s%n", Instant.now().toString().substring(11, 19), String.format(format, arguments));
    }

    private static void print(List<Row> rows, Machine machine, Size size, PrintStream console) {
        console.println("domain-sync benchmarks, size " + size.name() + "; machine: " + machine.describe());
        String benchmark = null;
        for (Row row : rows) {
            if (!row.benchmark().equals(benchmark)) {
                benchmark = row.benchmark();
                console.println();
                console.println("## " + benchmark);
            }
            console.println("| " + row.scenario() + " | " + row.measured() + " |");
        }
    }

    private static void write(List<Row> rows, Machine machine, Size size, Instant started, Path out)
            throws IOException {
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("size", size.name());
        json.put("started", started.toString());
        json.set("machine", Json.mapper().valueToTree(machine));
        ArrayNode array = json.putArray("rows");
        for (Row row : rows) {
            ObjectNode item = array.addObject();
            item.put("benchmark", row.benchmark());
            item.put("scenario", row.scenario());
            item.set("values", Json.mapper().valueToTree(row.values()));
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), json);
    }

    /** The shaded lambdas jar of this checkout, from the repository root or from the bench module. */
    static Path defaultLambdasJar() {
        for (Path candidate : List.of(Path.of("lambdas/target/domain-sync-lambdas.jar"),
                Path.of("../lambdas/target/domain-sync-lambdas.jar"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return Path.of("lambdas/target/domain-sync-lambdas.jar").toAbsolutePath();
    }
}
