package dev.domainsync.statemachine;

import dev.domainsync.statemachine.executor.ExecutionResult;
import dev.domainsync.statemachine.executor.ExecutorOptions;
import dev.domainsync.statemachine.executor.LocalExecutor;
import dev.domainsync.statemachine.executor.StateMachineDefinition;
import dev.domainsync.statemachine.executor.VirtualClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A real state machine definition (sync-domains or sync-stack), run by the local executor against its functions. */
public final class LocalWorkflow {

    /** The definition file, copied into the jar unchanged from {@code statemachine/sync-domains.asl.json}. */
    public static final String DEFINITION_RESOURCE = "/sync-domains.asl.json";
    public static final String STATE_MACHINE_NAME = "SyncDomains";

    /** The event path's definition, copied into the jar unchanged from {@code statemachine/sync-stack.asl.json}. */
    public static final String SYNC_STACK_DEFINITION_RESOURCE = "/sync-stack.asl.json";
    public static final String SYNC_STACK_STATE_MACHINE_NAME = "SyncStack";

    private final String definitionResource;
    private final LocalFunctions functions;
    private final ExecutorOptions options;

    /** The scheduled workflow, sync-domains. */
    public LocalWorkflow(LocalFunctions functions, ExecutorOptions options) {
        this(DEFINITION_RESOURCE, functions, options);
    }

    private LocalWorkflow(String definitionResource, LocalFunctions functions, ExecutorOptions options) {
        this.definitionResource = definitionResource;
        this.functions = functions;
        this.options = options;
    }

    /** The event path, sync-stack, with {@link LocalFunctions#syncStack}'s functions. */
    public static LocalWorkflow syncStack(LocalFunctions functions, ExecutorOptions options) {
        return new LocalWorkflow(SYNC_STACK_DEFINITION_RESOURCE, functions, options);
    }

    /** The definition's JSON text as Step Functions would receive it, before substitution. */
    public static String definitionJson() {
        return definitionJson(DEFINITION_RESOURCE);
    }

    /** The JSON text of the definition at {@code resource} (one of the two above), before substitution. */
    public static String definitionJson(String resource) {
        try (InputStream in = LocalWorkflow.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one execution to its end; {@code startTime} is {@code $states.context.Execution.StartTime}. */
    public ExecutionResult execute(String executionName, String inputJson, Instant startTime) {
        StateMachineDefinition definition = StateMachineDefinition.load(definitionJson(definitionResource),
                functions.substitutions());
        LocalExecutor executor = new LocalExecutor(definition, functions.handlersByArn(), new VirtualClock(startTime),
                options.withFunctionTimeouts(functions.timeoutsByArn()));
        return executor.run(executionName, inputJson, startTime);
    }
}
