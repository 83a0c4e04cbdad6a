package dev.domainsync.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.crac.Resource;

/**
 * The main of one cold-start measurement, run in a fresh JVM by {@link ColdStartBench}: loads the handler class,
 * constructs it as Lambda does (no-arg constructor, configuration from the environment), optionally runs its
 * SnapStart hook as the snapshot would, and serves one request, then the same request again warm (every step is
 * idempotent). It prints the monotonic clock (shared by every
 * process on Linux) at each point, so the parent can subtract the moment it started the JVM.
 *
 * <p>Arguments: handler class, {@code cold} or {@code primed}, the file holding the request.
 */
public final class ColdStartProbe {

    static final String MARK = "COLD-START";

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long entered = System.nanoTime();
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ColdStartProbe <handler class> cold|primed <request file>");
        }
        RequestStreamHandler handler = (RequestStreamHandler) Class.forName(args[0]).getDeclaredConstructor()
                .newInstance();
        long constructed = System.nanoTime();
        if (args[1].equals("primed") && handler instanceof Resource hook) {
            hook.beforeCheckpoint(null);
        }
        long primed = System.nanoTime();
        byte[] request = Files.readAllBytes(Path.of(args[2]));
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(request), response,
                ProbeContext.of(handler.getClass().getSimpleName()));
        long responded = System.nanoTime();
        // The same request again, warm: what the step's own work costs, without any first-call work.
        handler.handleRequest(new ByteArrayInputStream(request), new ByteArrayOutputStream(),
                ProbeContext.of(handler.getClass().getSimpleName()));
        long warm = System.nanoTime();
        System.out.println(MARK + " " + entered + " " + constructed + " " + primed + " " + responded + " " + warm);
    }
}
