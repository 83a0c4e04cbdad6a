package dev.domainsync.json;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.domainsync.telemetry.StepContext;
import dev.domainsync.telemetry.StepMetrics;
import dev.domainsync.telemetry.Telemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.stream.Collectors;
import org.crac.Core;
import org.crac.Resource;

/**
 * The JSON boundary of every step: reads the input record from Lambda's stream, calls the step,
 * writes the output record. The local executor calls this same method, so both serialise alike. Under SnapStart
 * it is also the function's runtime hook: before the snapshot it primes the JSON boundary and the collaborators
 * and serves the step's {@link #rehearsalRequest()} (see {@link Priming}), so that a restored function's first
 * request costs what a warm one does. Each request runs inside one {@link Telemetry} invocation: its log lines carry
 * the execution, run and state that the definition passes beside the payload, and what {@link #measure} counts is
 * flushed as metrics on Lambda; a rehearsal's counts take the same path and are never published
 * ({@link Telemetry#rehearse}).
 */
public abstract class JsonHandler<I, O> implements RequestStreamHandler, Resource {

    private final Class<I> inputType;
    private final Telemetry telemetry;

    protected JsonHandler(Class<I> inputType) {
        this(inputType, Telemetry.ofProcess());
    }

    protected JsonHandler(Class<I> inputType, Telemetry telemetry) {
        this.inputType = inputType;
        this.telemetry = telemetry;
        // The runtime holds the handler, so the registered hook lives as long as the function does.
        Core.getGlobalContext().register(this);
    }

    /** Primes before SnapStart's snapshot; also what a benchmark calls to measure a primed first request. */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Priming.prime(this);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to reopen: no step holds a connection across invocations.
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] request = input.readAllBytes();
        StepContext step = stepContext(request);
        try (Telemetry.Invocation invocation = Rehearsal.current().isPresent() ? telemetry.rehearse(context, step)
                : telemetry.open(context, step)) {
            I value = read(request);
            O result = handle(value, context);
            measure(value, result, invocation);
            Json.mapper().writeValue(output, result);
        }
    }

    /**
     * A representative request that the step serves before the snapshot, through {@link #handleRequest}, inside a
     * {@link Rehearsal} (its database work rolled back); it may only read from AWS, with the function's own
     * permissions. Empty (the default) when the step has nothing worth rehearsing.
     */
    protected Optional<I> rehearsalRequest() {
        return Optional.empty();
    }

    /** The step itself, on a validated input record. */
    protected abstract O handle(I input, Context context);

    /** What the step counts of one successful invocation; most steps count nothing. */
    protected void measure(I input, O result, StepMetrics metrics) {
    }

    /** The execution, run and state beside the payload; whatever is missing or malformed is left out of the logs. */
    private static StepContext stepContext(byte[] request) {
        try {
            StepContext step = Json.mapper().readValue(request, StepContext.class);
            return step != null ? step : StepContext.NONE;
        } catch (IOException | RuntimeException unreadable) {
            return StepContext.NONE; // read() names what is wrong with the payload
        }
    }

    private I read(byte[] input) throws IOException {
        try {
            I value = Json.mapper().readValue(input, inputType);
            if (value == null) {
                throw new InvalidInputException(inputType.getSimpleName() + ": input is empty or null");
            }
            return value;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidInputException(inputType.getSimpleName() + ": " + cause.getMessage(), e);
        } catch (JsonMappingException e) {
            throw new InvalidInputException(inputType.getSimpleName() + ": field '" + path(e) + "' is malformed: "
                    + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(inputType.getSimpleName() + ": input is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }
}
