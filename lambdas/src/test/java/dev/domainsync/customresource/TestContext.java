package dev.domainsync.customresource;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** A Lambda context with a log stream name and a fixed remaining time. */
record TestContext(String logStreamName, int remainingTimeInMillis) implements Context {

    static final String LOG_STREAM = "2026/03/01/[$LATEST]0123456789abcdef";

    /** Far from any timeout. */
    static TestContext plenty() {
        return new TestContext(LOG_STREAM, 120_000);
    }

    @Override
    public String getAwsRequestId() {
        return "lambda-request";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/domain-sync/DomainRegistration";
    }

    @Override
    public String getLogStreamName() {
        return logStreamName;
    }

    @Override
    public String getFunctionName() {
        return "DomainRegistrationFunction";
    }

    @Override
    public String getFunctionVersion() {
        return "1";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-west-1:123456789012:function:DomainRegistrationFunction:live";
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
        return remainingTimeInMillis;
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return null;
    }
}
