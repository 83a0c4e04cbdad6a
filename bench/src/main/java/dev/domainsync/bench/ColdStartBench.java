package dev.domainsync.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.steps.ParameterReader;
import dev.domainsync.cloudformation.SdkStackCatalog;
import dev.domainsync.steps.StackReader;
import dev.domainsync.json.Json;
import dev.domainsync.registry.PostgresDomainRegistry;
import dev.domainsync.rules.ClaimExtractor;
import dev.domainsync.rules.StackFilter;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.StagedPage;
import dev.domainsync.statemachine.demo.LargeListing;
import dev.domainsync.statemachine.demo.SampleSnapshots;
import dev.domainsync.statemachine.snapshot.FaultPlan;
import dev.domainsync.statemachine.snapshot.SnapshotEndpoint;
import dev.domainsync.statemachine.snapshot.StackSnapshot;
import dev.domainsync.steps.ExtractParamsHandler;
import dev.domainsync.steps.FilterRecentHandler;
import dev.domainsync.steps.ListStacksHandler;
import dev.domainsync.steps.ReadStackHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * Point 2: the cold start of every step's handler, a fresh JVM per measurement with the Lambda Java runtime's flags, the
 * shaded lambdas jar first on the class path, against embedded PostgreSQL and the snapshot endpoint; once as
 * today (construct, then the first request does its one-off work) and once primed (the SnapStart hook run after
 * construction, as at the snapshot), each beside a hello-world handler under the same flags.
 *
 * <p>Long because it sets up the one account every handler's probe shares (database, snapshot endpoint, response
 * bucket) and turns each probe's timings into its row; the probe itself is {@link ColdStartProbe}.
 */
final class ColdStartBench {

    static final String NAME = "cold start";
    static final String HELLO = "HelloWorld (yardstick)";
    static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    static final String CUSTOM_RESOURCE = "dev.domainsync.customresource.DomainRegistrationHandler";
    /**
     * The functions by their step's name: the workflow's, the event path's, then the custom resource's, whose answer
     * goes to the bench's {@link ResponseBucket} and whose stack the snapshot holds in CREATE_IN_PROGRESS, with
     * the resource for DescribeStackResource.
     */
    static final Map<String, String> HANDLERS = handlers();
    /**
     * Where the probes' class loading and JIT compilations go when the system property {@value #CLASS_LOG_PROPERTY}
     * names a directory: each probe runs with {@code -Xlog:class+load,jit+compilation=debug} and its output, with
     * {@link ColdStartProbe}'s marks between the phases, lands there, one file per probe; how the classes loaded and
     * the methods compiled by a first invoke were found.
     */
    static final String CLASS_LOG_PROPERTY = "bench.classLog";
    private static final String CLASS_LOG = System.getProperty(CLASS_LOG_PROPERTY);
    /**
     * When set (say {@code -Dbench.coldStartSteps=PruneDeleted,ApplyStack}), only these steps' rows are measured,
     * beside hello-world's: for looking into a few handlers without waiting for all of them.
     */
    static final String ONLY_STEPS_PROPERTY = "bench.coldStartSteps";
    private static final String ONLY_STEPS = System.getProperty(ONLY_STEPS_PROPERTY);
    private static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");
    private static final String CUSTOM_RESOURCE_STACK =
            "arn:aws:cloudformation:us-east-1:123456789012:stack/bench-custom-resource/00000000-0000-0000-0000-00000000c0de";
    private static final String CUSTOM_DOMAIN = "shop.bench.example.com";

    private final BenchDatabase postgres;
    private final Path lambdasJar;
    private final int repetitions;
    private final boolean measureUnprimed;
    private final int parallelism;
    private final Path work;

    private static Map<String, String> handlers() {
        Map<String, String> handlers = new LinkedHashMap<>();
        for (String step : List.of(
                "StartRun", "ListStacks", "FilterRecent", "ExtractParams", "WriteRows", "PruneDeleted", "FailRun")) {
            handlers.put(step, "dev.domainsync.steps." + step + "Handler");
        }
        for (String step : List.of("ReadStack", "ApplyStack")) {
            handlers.put(step, "dev.domainsync.steps." + step + "Handler");
        }
        handlers.put("DomainRegistration", CUSTOM_RESOURCE);
        return Collections.unmodifiableMap(handlers);
    }

    /**
     * @param measureUnprimed whether to measure today's cold start too, not only the primed one (the tiny size
     *                        skips it to stay short)
     * @param parallelism     how many handlers are measured at once: 1 for numbers, more only to check it works
     */
    ColdStartBench(BenchDatabase postgres, Path lambdasJar, int repetitions, boolean measureUnprimed,
            int parallelism) {
        if (!Files.isRegularFile(lambdasJar)) {
            throw new IllegalArgumentException("the shaded lambdas jar " + lambdasJar + " does not exist; build it with"
                    + " `mvn -B -q package -DskipTests` or name it with --lambdas-jar");
        }
        this.postgres = postgres;
        this.lambdasJar = lambdasJar;
        this.repetitions = repetitions;
        this.measureUnprimed = measureUnprimed;
        this.parallelism = parallelism;
        try {
            this.work = Files.createTempDirectory("domain-sync-cold-start");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Row> run() {
        ObjectNode account = LargeListing.snapshot(300, NOW);
        ((ArrayNode) account.get("Stacks")).add(Requests.customResourceStack());
        try (SnapshotEndpoint endpoint = SnapshotEndpoint.start(
                StackSnapshot.parse(SampleSnapshots.toJson(account), "cold start account"), 0, FaultPlan.none());
             CloudFormationClient client = WorkflowBench.client(endpoint.uri());
             ResponseBucket bucket = ResponseBucket.start(work)) {
            Requests requests = Requests.from(new SdkStackCatalog(client));
            Timing hello = measure(HelloWorldHandler.class.getName(), "cold",
                    () -> new Invocation("{}", Map.of(), List.of()));
            List<Row> rows = new ArrayList<>();
            rows.add(Row.of(NAME, HELLO)
                    .with("init ms", hello.initMs())
                    .with("first invoke ms", hello.invokeMs())
                    .with("first invoke CPU ms", hello.invokeCpuMs())
                    .with("classes loaded by first invoke", hello.invokeClasses())
                    .with("response after JVM start ms", hello.totalMs()));
            double goalMs = 2 * hello.invokeMs() + 20;
            ExecutorService pool = Executors.newFixedThreadPool(parallelism);
            try {
                List<Future<Row>> measured = new ArrayList<>();
                for (Map.Entry<String, String> handler : HANDLERS.entrySet()) {
                    if (!measured(handler.getKey())) {
                        continue;
                    }
                    measured.add(pool.submit(() -> handlerRow(handler.getKey(), handler.getValue(), requests,
                            endpoint.uri().toString(), bucket, hello, goalMs)));
                }
                for (Future<Row> row : measured) {
                    rows.add(row.get());
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                pool.shutdownNow();
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteWork();
        }
    }

    /** Whether {@value #ONLY_STEPS_PROPERTY} leaves {@code step} in; a name it holds that is no step is an error. */
    private static boolean measured(String step) {
        if (ONLY_STEPS == null) {
            return true;
        }
        List<String> named = List.of(ONLY_STEPS.split(","));
        for (String name : named) {
            if (!HANDLERS.containsKey(name)) {
                throw new IllegalArgumentException("-D" + ONLY_STEPS_PROPERTY + " names '" + name
                        + "', which is none of " + String.join(",", HANDLERS.keySet()));
            }
        }
        return named.contains(step);
    }

    /** The requests, probe logs and the bucket's key store of this run. */
    private void deleteWork() {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + work + ": " + e.getMessage());
        }
    }

    private Row handlerRow(String step, String handlerClass, Requests requests, String cloudFormationEndpoint,
            ResponseBucket bucket, Timing hello, double goalMs) {
        Row row = Row.of(NAME, handlerClass.substring(handlerClass.lastIndexOf('.') + 1));
        for (String mode : measureUnprimed ? List.of("cold", "primed") : List.of("primed")) {
            Timing timing = measure(handlerClass, mode, () -> {
                String database = postgres.fresh("cold");
                return new Invocation(requests.forStep(step, database, postgres), Map.of(
                        "DB_JDBC_URL", postgres.url(database),
                        "DB_SCHEMA", BenchDatabase.SCHEMA,
                        "CLOUDFORMATION_ENDPOINT_URL", cloudFormationEndpoint),
                        handlerClass.equals(CUSTOM_RESOURCE) ? bucket.probeOptions() : List.of());
            });
            if (mode.equals("cold")) {
                row = row.with("init ms", timing.initMs())
                        .with("first invoke ms", timing.invokeMs())
                        .with("x hello (to first response)", timing.totalMs() / hello.totalMs());
            } else {
                double firstMinusWarm = timing.invokeMs() - timing.warmMs();
                row = row.with("primed init ms", timing.initMs())
                        .with("primed first invoke ms", timing.invokeMs())
                        .with("warm invoke ms", timing.warmMs())
                        .with("first minus warm ms", firstMinusWarm)
                        .with("x hello first invoke", timing.invokeMs() / hello.invokeMs())
                        .with("goal ms", goalMs)
                        .with("meets goal", timing.invokeMs() <= goalMs)
                        // What priming can reach when the warm request itself waits on I/O (ExtractParams).
                        .with("first minus warm within goal", firstMinusWarm <= goalMs)
                        .with("first invoke CPU ms", timing.invokeCpuMs())
                        .with("warm CPU ms", timing.warmCpuMs())
                        .with("classes loaded by first invoke", timing.invokeClasses());
            }
        }
        return row;
    }

    /**
     * The median of {@code repetitions} fresh JVMs, by the time to the first response; each gets a fresh
     * invocation (a fresh database for a database-backed step), so that no repetition finds another's run.
     */
    private Timing measure(String handlerClass, String mode, Supplier<Invocation> invocations) {
        List<Timing> timings = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            timings.add(once(handlerClass, mode, invocations.get()));
        }
        timings.sort((a, b) -> Double.compare(a.totalMs(), b.totalMs()));
        return timings.get(timings.size() / 2);
    }

    /** A probe's request, the environment variables its handler reads and JVM options of the probe's own. */
    private record Invocation(String request, Map<String, String> env, List<String> jvmOptions) {
    }

    private Timing once(String handlerClass, String mode, Invocation invocation) {
        try {
            Path requestFile = Files.createTempFile(work, "request", ".json");
            Files.writeString(requestFile, invocation.request());
            Path errors = Files.createTempFile(work, "stderr", ".log");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(JVM_FLAGS);
            command.addAll(invocation.jvmOptions());
            if (CLASS_LOG != null) {
                // Whole lines only, so that the probe's own lines stay intact between them.
                command.add("-Xlog:class+load,jit+compilation=debug:stdout");
                command.add("-D" + CLASS_LOG_PROPERTY + "=" + CLASS_LOG);
            }
            command.add("-cp");
            command.add(lambdasJar + java.io.File.pathSeparator + benchCodeSource());
            command.add(ColdStartProbe.class.getName());
            command.add(handlerClass);
            command.add(mode);
            command.add(requestFile.toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().putAll(invocation.env());
            builder.environment().put("AWS_REGION", "us-east-1");
            // As Lambda's runtime does: the handler then starts Powertools' JSON logs and EMF metrics, as deployed.
            builder.environment().put("AWS_LAMBDA_FUNCTION_NAME",
                    handlerClass.substring(handlerClass.lastIndexOf('.') + 1));
            // As sam/template.yaml sets it for every function.
            builder.environment().put("AWS_EMF_ENVIRONMENT", "Lambda");
            // The endpoints do not check signatures; these are not real keys.
            builder.environment().put("AWS_ACCESS_KEY_ID", "bench");
            builder.environment().put("AWS_SECRET_ACCESS_KEY", "bench");
            builder.environment().put("AWS_EC2_METADATA_DISABLED", "true");
            long spawned = System.nanoTime();
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (CLASS_LOG != null) {
                Files.writeString(Files.createDirectories(Path.of(CLASS_LOG)).resolve(
                        handlerClass.substring(handlerClass.lastIndexOf('.') + 1) + "-" + mode + "-" + process.pid()
                                + ".log"), output);
            }
            if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(handlerClass + " (" + mode + ") failed its cold start: "
                        + tail(Files.readString(errors)));
            }
            String mark = output.lines().filter(line -> line.startsWith(ColdStartProbe.MARK + " ")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(handlerClass + " printed no timing: " + output));
            String[] parts = mark.split(" ");
            ColdStartProbe.Point constructed = ColdStartProbe.Point.parse(parts[2]);
            ColdStartProbe.Point primed = ColdStartProbe.Point.parse(parts[3]);
            ColdStartProbe.Point responded = ColdStartProbe.Point.parse(parts[4]);
            ColdStartProbe.Point warm = ColdStartProbe.Point.parse(parts[5]);
            return new Timing((primed.nanos() - spawned) / 1e6, (responded.nanos() - primed.nanos()) / 1e6,
                    (responded.nanos() - spawned - (primed.nanos() - constructed.nanos())) / 1e6,
                    (warm.nanos() - responded.nanos()) / 1e6,
                    (responded.cpuNanos() - primed.cpuNanos()) / 1e6, (warm.cpuNanos() - responded.cpuNanos()) / 1e6,
                    responded.classes() - primed.classes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String benchCodeSource() {
        try {
            return Path.of(ColdStartProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tail(String text) {
        return text.length() <= 2_000 ? text : "..." + text.substring(text.length() - 2_000);
    }

    /**
     * One measurement: init is JVM start to the handler ready (constructed, and primed when asked), first invoke
     * the first request, total the first response after JVM start without the priming (what a user waits for
     * without SnapStart), warm the same request again in the same JVM.
     */
    private record Timing(double initMs, double invokeMs, double totalMs, double warmMs, double invokeCpuMs,
                          double warmCpuMs, long invokeClasses) {
    }

    /** Each step's first request, taken from real upstream steps run in this process against the same endpoint. */
    private record Requests(JsonNode listPage, JsonNode filtered, JsonNode extracted, JsonNode event,
                            JsonNode reading) {

        static Requests from(SdkStackCatalog catalog) {
            SyncSettings settings = SyncSettings.defaults();
            JsonNode listPage = invoke(new ListStacksHandler(catalog), Json.mapper().createObjectNode());
            ObjectNode filterRequest = Json.mapper().createObjectNode().put("since", Instant.EPOCH.toString());
            filterRequest.set("stacks", listPage.get("stacks"));
            JsonNode filtered = invoke(new FilterRecentHandler(new StackFilter(settings)), filterRequest);
            JsonNode extracted = invoke(new ExtractParamsHandler(
                    new ParameterReader(catalog, new ClaimExtractor(settings))), extractRequest(filtered));
            JsonNode event = WorkflowBench.event(filtered.get("candidates").get(0).get("stackId").asText(), NOW);
            JsonNode reading = invoke(new ReadStackHandler(new StackReader(catalog, new StackFilter(settings),
                    new ClaimExtractor(settings))), event);
            return new Requests(listPage, filtered, extracted, event, reading);
        }

        String forStep(String step, String database, BenchDatabase postgres) {
            ObjectNode request = Json.mapper().createObjectNode();
            String executionId = "arn:aws:states:us-east-1:123456789012:execution:SyncDomains:cold-" + database;
            switch (step) {
                case "StartRun" -> {
                    request.put("executionId", executionId).put("startTime", NOW.toString());
                    request.putObject("input");
                }
                case "ListStacks" -> {
                }
                case "FilterRecent" -> {
                    request.put("since", Instant.EPOCH.toString());
                    request.set("stacks", listPage.get("stacks"));
                }
                case "ExtractParams" -> request.setAll(extractRequest(filtered));
                case "WriteRows" -> request.setAll((ObjectNode) page(startRun(postgres, database, false)));
                case "PruneDeleted" -> request.put("runId", startRun(postgres, database, true));
                case "FailRun" -> request.put("runId", startRun(postgres, database, false))
                        .put("executionId", executionId).put("startTime", NOW.toString())
                        .put("error", "States.TaskFailed").put("cause", "the cold-start benchmark");
                case "ReadStack" -> request.setAll((ObjectNode) event);
                case "ApplyStack" -> request.put("executionId", executionId).set("reading", reading);
                case "DomainRegistration" -> request.setAll(customResourceCreate("bench-" + database));
                default -> throw new IllegalArgumentException("no request for step " + step);
            }
            return request.toString();
        }

        /** The custom resource's stack, being created: CloudFormation waits for its DomainRegistration's answer. */
        static ObjectNode customResourceStack() {
            ObjectNode stack = Json.mapper().createObjectNode()
                    .put("StackId", CUSTOM_RESOURCE_STACK)
                    .put("StackName", "bench-custom-resource")
                    .put("Description", "CloudFront distribution for bench.example.com")
                    .put("StackStatus", "CREATE_IN_PROGRESS")
                    .put("CreationTime", NOW.minus(Duration.ofMinutes(5)).toString());
            ArrayNode parameters = stack.putArray("Parameters");
            parameters.addObject().put("ParameterKey", "CustomDomainName").put("ParameterValue", CUSTOM_DOMAIN);
            parameters.addObject().put("ParameterKey", "GroupId").put("ParameterValue", "g-bench");
            stack.putArray("StackResources").addObject()
                    .put("LogicalResourceId", "DomainRegistration")
                    .put("ResourceType", "Custom::DomainRegistration")
                    .put("ResourceStatus", "CREATE_IN_PROGRESS");
            return stack;
        }

        /** CloudFormation's Create of that resource; a repeated RequestId (the warm request) changes nothing. */
        private static ObjectNode customResourceCreate(String requestId) {
            ObjectNode event = Json.mapper().createObjectNode()
                    .put("RequestType", "Create")
                    .put("ResponseURL", ResponseBucket.responseUrl(requestId))
                    .put("StackId", CUSTOM_RESOURCE_STACK)
                    .put("RequestId", requestId)
                    .put("ResourceType", "Custom::DomainRegistration")
                    .put("LogicalResourceId", "DomainRegistration");
            event.putObject("ResourceProperties").put("DomainName", CUSTOM_DOMAIN).put("GroupId", "g-bench");
            return event;
        }

        /** One Map iteration's batch: the first 20 candidates of the page. */
        private static ObjectNode extractRequest(JsonNode filtered) {
            ObjectNode request = Json.mapper().createObjectNode();
            ArrayNode batch = request.putArray("stacks");
            for (int i = 0; i < Math.min(20, filtered.get("candidates").size()); i++) {
                batch.add(filtered.get("candidates").get(i));
            }
            return request;
        }

        private JsonNode page(long runId) {
            ObjectNode page = Json.mapper().createObjectNode().put("runId", runId);
            page.set("existingStackIds", filtered.get("existingStackIds"));
            page.set("deletedStackIds", filtered.get("deletedStackIds"));
            page.set("stacks", extracted.get("stacks"));
            return page;
        }

        /** Starts a run in {@code database} (and stages the page when asked), as the steps before would have. */
        private long startRun(BenchDatabase postgres, String database, boolean staged) {
            PostgresDomainRegistry registry = new PostgresDomainRegistry(postgres.database(database),
                    SyncSettings.defaults(), Duration.ofHours(4), Clock.systemUTC());
            long runId = registry.startRun("bench-" + database, NOW, ExecutionInput.parse(null)).runId();
            if (staged) {
                registry.stagePage(Json.mapper().convertValue(page(runId), StagedPage.class));
            }
            return runId;
        }

        private static JsonNode invoke(RequestStreamHandler handler, JsonNode request) {
            try {
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(request)), response,
                        ProbeContext.of("bench"));
                return Json.mapper().readTree(response.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
