package dev.domainsync.statemachine.executor;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lambda {@link Context} a handler gets from the local executor: a request id, the function's name and
 * ARN, and the time left before the Task's timeout on the virtual clock. Its logger writes to SLF4J.
 */
final class LocalLambdaContext implements Context {

    private final String requestId;
    private final String functionArn;
    private final String functionName;
    private final int memoryLimitInMb;
    private final Clock clock;
    private final Instant deadline;
    private final LambdaLogger logger;

    LocalLambdaContext(String requestId, String functionArn, int memoryLimitInMb, Clock clock, Duration timeout) {
        this.requestId = requestId;
        this.functionArn = functionArn;
        this.functionName = functionName(functionArn);
        this.memoryLimitInMb = memoryLimitInMb;
        this.clock = clock;
        this.deadline = clock.instant().plus(timeout);
        this.logger = new Slf4jLambdaLogger(LoggerFactory.getLogger("lambda." + functionName), requestId);
    }

    /** The NAME of {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]}. */
    static String functionName(String functionArn) {
        String[] parts = functionArn.split(":");
        return parts.length > 6 ? parts[6] : functionArn;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local-executor";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        long remaining = Duration.between(clock.instant(), deadline).toMillis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryLimitInMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    /** Sends what a handler logs through its Context to SLF4J, tagged with the request id. */
    private record Slf4jLambdaLogger(Logger log, String requestId) implements LambdaLogger {

        @Override
        public void log(String message) {
            log.info("[{}] {}", requestId, message.stripTrailing());
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    }
}
