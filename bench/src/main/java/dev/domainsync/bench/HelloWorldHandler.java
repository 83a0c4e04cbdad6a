package dev.domainsync.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The cold-start yardstick: the least a Java function can do, on the same classpath and flags as the steps. */
public final class HelloWorldHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        output.write("\"hello\"".getBytes(StandardCharsets.UTF_8));
    }
}
