package dev.domainsync.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.domainsync.customresource.DomainRegistrationHandler;
import dev.domainsync.customresource.HttpResponseSender;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crac.Resource;

/**
 * The main of one cold-start measurement, run in a fresh JVM by {@link ColdStartBench}: loads the handler class,
 * constructs it as Lambda does (no-arg constructor, configuration from the environment), optionally runs its
 * SnapStart hook as the snapshot would, and serves one request, then the same request again warm (every step is
 * idempotent). The request and the Context are ready before the first request is timed, as the runtime's are.
 *
 * <p>It prints one line: at each point the monotonic clock (shared by every process on Linux, so the parent can
 * subtract the moment it started the JVM), the classes loaded so far and this thread's CPU time. CPU time and class
 * counts hardly move with the machine's load; the clock does.
 *
 * <p>Arguments: handler class, {@code cold} or {@code primed}, the file holding the request.
 */
public final class ColdStartProbe {

    static final String MARK = "COLD-START";
    /** Printed where a phase begins, so that a class-load log (see {@link ColdStartBench}) shows who loaded what. */
    static final String PHASE = "COLD-START-PHASE";

    private static final ClassLoadingMXBean CLASSES = ManagementFactory.getClassLoadingMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ColdStartProbe() {
    }

    /** One point of the measurement. */
    record Point(long nanos, long classes, long cpuNanos) {

        static Point now() {
            return new Point(System.nanoTime(), CLASSES.getTotalLoadedClassCount(),
                    THREADS.getCurrentThreadCpuTime());
        }

        @Override
        public String toString() {
            return nanos + "/" + classes + "/" + cpuNanos;
        }

        static Point parse(String text) {
            String[] parts = text.split("/");
            return new Point(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]));
        }
    }

    /**
     * As Lambda constructs it; the custom resource with the production response sender told where the bench's
     * {@link ResponseBucket} listens and to trust its certificate, as the custom resource's tests do.
     */
    private static RequestStreamHandler construct(String handlerClass) throws Exception {
        String trustStore = System.getProperty(ResponseBucket.TRUST_STORE_PROPERTY);
        if (trustStore != null && handlerClass.equals(ColdStartBench.CUSTOM_RESOURCE)) {
            InetSocketAddress bucket = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    Integer.getInteger(ResponseBucket.PORT_PROPERTY));
            return new DomainRegistrationHandler(new HttpResponseSender(List.of(), (host, port) -> List.of(bucket),
                    ResponseBucket.trustingClient(Path.of(trustStore))));
        }
        return (RequestStreamHandler) Class.forName(handlerClass).getDeclaredConstructor().newInstance();
    }

    public static void main(String[] args) throws Exception {
        Point entered = Point.now();
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: ColdStartProbe <handler class> cold|primed <request file>");
        }
        RequestStreamHandler handler = construct(args[0]);
        Point constructed = Point.now();
        if (args[1].equals("primed") && handler instanceof Resource hook) {
            hook.beforeCheckpoint(null);
        }
        byte[] request = Files.readAllBytes(Path.of(args[2]));
        Context context = ProbeContext.of(handler.getClass().getSimpleName());
        boolean phases = System.getProperty(ColdStartBench.CLASS_LOG_PROPERTY) != null;
        if (phases) {
            System.out.println(PHASE + " first invoke");
        }
        Point primed = Point.now();
        handler.handleRequest(new ByteArrayInputStream(request), new ByteArrayOutputStream(), context);
        Point responded = Point.now();
        if (phases) {
            System.out.println(PHASE + " warm invoke");
        }
        // The same request again, warm: what the step's own work costs, without any first-call work.
        handler.handleRequest(new ByteArrayInputStream(request), new ByteArrayOutputStream(), context);
        Point warm = Point.now();
        System.out.println(MARK + " " + entered + " " + constructed + " " + primed + " " + responded + " " + warm);
    }
}
