package dev.domainsync.customresource;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers CloudFormation exactly once per invocation: with the work's response, or, when the Lambda is about to
 * time out first, with a FAILED "timed out" from a watchdog; the one that loses the race sends nothing. The
 * watchdog fires early enough for the sender's slowest delivery (every attempt timing out) to end before Lambda
 * ends the invocation.
 */
public final class CustomResourceResponder {

    private static final Logger LOG = LoggerFactory.getLogger(CustomResourceResponder.class);

    /** Beyond the sender's worst case: building the response, resolving the host, Lambda's own bookkeeping. */
    static final Duration SLACK = Duration.ofSeconds(2);

    private final ResponseSender sender;
    private final Duration margin;
    private final ScheduledExecutorService timer;

    public CustomResourceResponder(ResponseSender sender) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.margin = sender.worstCase().plus(SLACK);
        // One daemon thread, started by the first schedule (so never inside a SnapStart snapshot's init).
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "custom-resource-watchdog");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** How long before the Lambda's timeout a request still running is answered FAILED. */
    public Duration margin() {
        return margin;
    }

    /**
     * Runs {@code work} and sends its response, unless the watchdog, due {@link #margin()} before
     * {@code remaining} runs out, has sent {@code failure.apply("timed out")}; work that throws anything, an
     * {@link Error} included, is answered with {@code failure.apply("internal error (<its class>)")}. Returns the
     * response that was sent.
     *
     * @throws ResponseNotDeliveredException when the response that was sent could not be delivered
     */
    public CustomResourceResponse respond(String responseUrl, Duration remaining,
            Supplier<CustomResourceResponse> work, Function<String, CustomResourceResponse> failure) {
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture<CustomResourceResponse> watchdogAnswer = new CompletableFuture<>();
        long delayMillis = Math.max(0, remaining.minus(margin).toMillis());
        ScheduledFuture<?> watchdog = timer.schedule(() -> {
            if (answered.compareAndSet(false, true)) {
                try {
                    CustomResourceResponse timedOut = failure.apply("timed out");
                    LOG.warn("Request {}: the Lambda is about to time out; answering FAILED", timedOut.requestId());
                    sender.send(responseUrl, timedOut);
                    watchdogAnswer.complete(timedOut);
                } catch (Throwable e) {
                    watchdogAnswer.completeExceptionally(e);
                }
            }
        }, delayMillis, TimeUnit.MILLISECONDS);

        CustomResourceResponse response;
        try {
            response = work.get();
        } catch (Throwable e) {
            // A bug, a missing class or an exhausted heap: CloudFormation must hear of it now, not in an hour.
            LOG.error("Custom resource request failed unexpectedly", e);
            response = failure.apply("internal error (" + e.getClass().getName() + ")");
        } finally {
            watchdog.cancel(false);
        }
        if (!answered.compareAndSet(false, true)) {
            LOG.warn("Request {} finished ({}) after the watchdog answered FAILED; not answering again",
                    response.requestId(), response.status());
            return awaitWatchdog(watchdogAnswer);
        }
        sender.send(responseUrl, response);
        return response;
    }

    private static CustomResourceResponse awaitWatchdog(CompletableFuture<CustomResourceResponse> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
