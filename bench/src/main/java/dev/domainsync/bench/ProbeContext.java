package dev.domainsync.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

/**
 * The Context a cold-start probe hands its handler: two minutes left and 1,024 MB, as the template gives; the
 * names of the function, its log stream and a fixed request id; everything else absent.
 */
final class ProbeContext {

    private ProbeContext() {
    }

    static Context of(String functionName) {
        LambdaLogger logger = (LambdaLogger) Proxy.newProxyInstance(LambdaLogger.class.getClassLoader(),
                new Class<?>[] {LambdaLogger.class}, (proxy, method, args) -> {
                    Object message = args != null && args.length > 0 ? args[0] : "";
                    System.err.print(message instanceof byte[] bytes
                            ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(message));
                    return null;
                });
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> "00000000-0000-0000-0000-000000000001";
                    case "getFunctionName" -> functionName;
                    case "getFunctionVersion" -> "$LATEST";
                    case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:123456789012:function:" + functionName;
                    case "getLogGroupName" -> "/aws/lambda/" + functionName;
                    case "getLogStreamName" -> "2026/11/28/[$LATEST]bench";
                    case "getRemainingTimeInMillis" -> 120_000;
                    case "getMemoryLimitInMB" -> 1024;
                    case "getLogger" -> logger;
                    case "toString" -> "ProbeContext[" + functionName + "]";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}
