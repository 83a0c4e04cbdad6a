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

/** The real workflow definition, run by the local executor against the given functions. */
public final class LocalWorkflow {

    /** The definition file, copied into the jar unchanged from {@code statemachine/sync-domains.asl.json}. */
    public static final String DEFINITION_RESOURCE = "/sync-domains.asl.json";
    public static final String STATE_MACHINE_NAME = "SyncDomains";

    private final LocalFunctions functions;
    private final ExecutorOptions options;

    public LocalWorkflow(LocalFunctions functions, ExecutorOptions options) {
        this.functions = functions;
        this.options = options;
    }

    /** The definition's JSON text as Step Functions would receive it, before substitution. */
    public static String definitionJson() {
        try (InputStream in = LocalWorkflow.class.getResourceAsStream(DEFINITION_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFINITION_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one execution to its end; {@code startTime} is {@code $states.context.Execution.StartTime}. */
    public ExecutionResult execute(String executionName, String inputJson, Instant startTime) {
        StateMachineDefinition definition = StateMachineDefinition.load(definitionJson(), functions.substitutions());
        LocalExecutor executor = new LocalExecutor(definition, functions.handlersByArn(), new VirtualClock(startTime),
                options.withFunctionTimeouts(functions.timeoutsByArn()));
        return executor.run(executionName, inputJson, startTime);
    }
}
