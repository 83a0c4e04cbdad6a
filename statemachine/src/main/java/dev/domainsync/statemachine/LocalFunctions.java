package dev.domainsync.statemachine;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.domainsync.steps.ParameterReader;
import dev.domainsync.cloudformation.StackCatalog;
import dev.domainsync.steps.StackReader;
import dev.domainsync.registry.DomainRegistry;
import dev.domainsync.registry.StackEventRegistry;
import dev.domainsync.rules.ClaimExtractor;
import dev.domainsync.rules.StackFilter;
import dev.domainsync.rules.SyncSettings;
import dev.domainsync.steps.ApplyStackHandler;
import dev.domainsync.steps.ExtractParamsHandler;
import dev.domainsync.steps.FailRunHandler;
import dev.domainsync.steps.FilterRecentHandler;
import dev.domainsync.steps.ListStacksHandler;
import dev.domainsync.steps.PruneDeletedHandler;
import dev.domainsync.steps.ReadStackHandler;
import dev.domainsync.steps.StartRunHandler;
import dev.domainsync.steps.WriteRowsHandler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A state machine's Lambda functions as the local executor sees them: the {@code ${...}} substitutions that
 * {@code sam/template.yaml} also binds, the handler behind each function ARN, and each function's {@code Timeout}
 * as the template sets it.
 */
public record LocalFunctions(Map<String, String> substitutions, Map<String, RequestStreamHandler> handlersByArn,
                             Map<String, Duration> timeoutsByArn) {

    /** The steps that are Lambda functions, in execution order; {@code <Step>FunctionArn} is each placeholder. */
    public static final List<String> STEPS = List.of(
            "StartRun", "ListStacks", "FilterRecent", "ExtractParams", "WriteRows", "PruneDeleted", "FailRun");

    /** The steps of sync-stack.asl.json, the event path, in execution order. */
    public static final List<String> SYNC_STACK_STEPS = List.of("ReadStack", "ApplyStack");

    /**
     * Each step function's {@code Timeout}: the template's {@code Globals.Function.Timeout}, as no function sets its
     * own. DefinitionBindingTest reads the template and fails when the two differ.
     */
    public static final Map<String, Duration> TIMEOUTS = timeouts(Duration.ofSeconds(120));

    public LocalFunctions {
        substitutions = Map.copyOf(substitutions);
        handlersByArn = Map.copyOf(handlersByArn);
        timeoutsByArn = Map.copyOf(timeoutsByArn);
    }

    private static Map<String, Duration> timeouts(Duration global) {
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        STEPS.forEach(step -> timeouts.put(step, global));
        SYNC_STACK_STEPS.forEach(step -> timeouts.put(step, global));
        return Map.copyOf(timeouts);
    }

    /** The real handlers, built with the given collaborators through their second constructors. */
    public static LocalFunctions create(DomainRegistry registry, StackCatalog catalog, SyncSettings settings) {
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        handlers.put("StartRun", new StartRunHandler(registry));
        handlers.put("ListStacks", new ListStacksHandler(catalog));
        handlers.put("FilterRecent", new FilterRecentHandler(new StackFilter(settings)));
        handlers.put("ExtractParams", new ExtractParamsHandler(new ParameterReader(catalog, new ClaimExtractor(settings))));
        handlers.put("WriteRows", new WriteRowsHandler(registry));
        handlers.put("PruneDeleted", new PruneDeletedHandler(registry));
        handlers.put("FailRun", new FailRunHandler(registry));
        return of(handlers);
    }

    /** The event path's real handlers, built with the given collaborators through their second constructors. */
    public static LocalFunctions syncStack(StackEventRegistry registry, StackCatalog catalog, SyncSettings settings) {
        Map<String, RequestStreamHandler> handlers = new LinkedHashMap<>();
        handlers.put("ReadStack", new ReadStackHandler(new StackReader(catalog, new StackFilter(settings),
                new ClaimExtractor(settings))));
        handlers.put("ApplyStack", new ApplyStackHandler(registry));
        return ofSyncStack(handlers);
    }

    /** Binds each step of sync-domains to a local function ARN served by the given handler. */
    public static LocalFunctions of(Map<String, RequestStreamHandler> handlersByStep) {
        return bind(STEPS, handlersByStep);
    }

    /** Binds each step of sync-stack to a local function ARN served by the given handler. */
    public static LocalFunctions ofSyncStack(Map<String, RequestStreamHandler> handlersByStep) {
        return bind(SYNC_STACK_STEPS, handlersByStep);
    }

    private static LocalFunctions bind(List<String> steps, Map<String, RequestStreamHandler> handlersByStep) {
        Map<String, String> substitutions = new LinkedHashMap<>();
        Map<String, RequestStreamHandler> byArn = new LinkedHashMap<>();
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        for (String step : steps) {
            RequestStreamHandler handler = handlersByStep.get(step);
            if (handler == null) {
                throw new IllegalArgumentException("no handler for step " + step);
            }
            String arn = functionArn(step);
            substitutions.put(step + "FunctionArn", arn);
            byArn.put(arn, handler);
            timeouts.put(arn, TIMEOUTS.get(step));
        }
        return new LocalFunctions(substitutions, byArn, timeouts);
    }

    public static String functionArn(String step) {
        return "arn:aws:lambda:us-east-1:123456789012:function:domain-sync-" + step + "Function";
    }
}
