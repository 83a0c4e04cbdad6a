package dev.domainsync.statemachine.snapshot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * The stack snapshot endpoint: an HTTP server on 127.0.0.1 that answers CloudFormation's ListStacks,
 * DescribeStacks and DescribeStackResource in the awsQuery protocol (form POST, XML answers, NextToken pages) from a {@link StackSnapshot},
 * so that the AWS SDK and the AWS CLI see its stacks as they would see CloudFormation's.
 *
 * <p>ListStacks pages through every stack, deleted ones included, in the snapshot's order (CloudFormation lists
 * the newest first); DescribeStacks without a name pages through the stacks that are not deleted. Faults come
 * from a {@link FaultPlan}, before the request is served.
 */
public final class SnapshotEndpoint implements AutoCloseable {

    /** CloudFormation's page size for ListStacks. */
    public static final int DEFAULT_PAGE_SIZE = 100;

    static final String API_VERSION = "2010-05-15";

    /**
     * The largest request body the endpoint reads. CloudFormation's query requests are small (the largest the SDK
     * or the AWS CLI sends here, DescribeStacks with a stack ARN and a NextToken, is under 2 KiB); 1 MiB leaves room
     * for any client while four server threads hold at most 4 MiB of bodies, whatever a caller sends.
     */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotEndpoint.class);
    private static final int THREADS = 4;
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";
    private static final Set<String> ACTIONS = Set.of("ListStacks", "DescribeStacks", "DescribeStackResource");
    private static final Pattern STATUS_FILTER_MEMBER = Pattern.compile("StackStatusFilter\\.member\\.([1-9][0-9]*)");

    static {
        // The JDK server writes a response's headers and body in separate packets; with Nagle's algorithm on, the
        // body then waits for the client's delayed ACK, 40 ms per request on Linux, which made a 10,000-stack
        // backfill take minutes. The property is read once, when the first server of the JVM starts.
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
    }

    private final StackSnapshot snapshot;
    private final List<SnapshotStack> liveStacks;
    private final FaultPlan faults;
    private final int pageSize;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SnapshotEndpoint(StackSnapshot snapshot, FaultPlan faults, int pageSize, HttpServer server,
            ExecutorService executor) {
        this.snapshot = snapshot;
        this.liveStacks = snapshot.liveStacks();
        this.faults = faults;
        this.pageSize = pageSize;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Serves {@code snapshot} with CloudFormation's page size of 100.
     *
     * @param port the port on 127.0.0.1, or 0 for any free one (see {@link #uri()})
     * @throws IOException when the port cannot be bound
     */
    public static SnapshotEndpoint start(StackSnapshot snapshot, int port, FaultPlan faults) throws IOException {
        return start(snapshot, port, faults, DEFAULT_PAGE_SIZE);
    }

    /** Serves {@code snapshot} with pages of {@code pageSize} stacks, so that tests can page through a few. */
    public static SnapshotEndpoint start(StackSnapshot snapshot, int port, FaultPlan faults, int pageSize)
            throws IOException {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(faults, "faults");
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be at least 1, not " + pageSize);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "snapshot-endpoint-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        SnapshotEndpoint endpoint = new SnapshotEndpoint(snapshot, faults, pageSize, server, executor);
        server.createContext("/", endpoint::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("Snapshot endpoint serving {} stacks from {} at {} (page size {}, faults {})",
                snapshot.size(), snapshot.sourceName(), endpoint.uri(), pageSize, faults);
        return endpoint;
    }

    /** Where clients reach the endpoint, e.g. {@code http://127.0.0.1:41234}: the SDK's endpoint override. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many HTTP requests arrived so far, faulted and refused ones included. */
    public int requestCount() {
        return requests.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
            LOG.info("Snapshot endpoint at port {} stopped after {} requests",
                    server.getAddress().getPort(), requests.get());
        }
    }

    private void handle(HttpExchange exchange) {
        requests.incrementAndGet();
        String requestId = UUID.randomUUID().toString();
        Answer answer;
        try {
            answer = answer(exchange, requestId);
        } catch (Rejected rejected) {
            answer = new Answer(rejected.status, QueryXml.error("Sender", rejected.code, rejected.getMessage(), requestId));
        } catch (IOException | RuntimeException e) {
            LOG.error("Snapshot endpoint failed to answer request {}", requestId, e);
            answer = new Answer(500, QueryXml.error("Receiver", "InternalFailure", "The snapshot endpoint failed: " + e, requestId));
        }
        try (exchange) {
            byte[] body = answer.xml().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            if (answer.status() == 413) {
                // The unread rest of the body is not drained: the server closes the connection after the answer.
                exchange.getResponseHeaders().set("Connection", "close");
            }
            exchange.sendResponseHeaders(answer.status(), body.length);
            // Closing the body stream sends the answer before the server discards what is left of the request.
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            LOG.debug("Client went away before request {} was answered: {}", requestId, e.toString());
        }
    }

    private Answer answer(HttpExchange exchange, String requestId) throws IOException {
        // Read the whole body first, so that the connection can carry the client's next request.
        String body = new String(boundedBody(exchange), StandardCharsets.UTF_8);
        if (!"/".equals(exchange.getRequestURI().getPath())) {
            throw new Rejected(404, "NotFound", "The snapshot endpoint answers POST / only, not "
                    + exchange.getRequestURI().getPath());
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "POST");
            throw new Rejected(405, "MethodNotAllowed", "The snapshot endpoint answers POST / only, not "
                    + exchange.getRequestMethod());
        }
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            throw new Rejected(415, "UnsupportedMediaType",
                    "Expected an application/x-www-form-urlencoded body, not " + contentType);
        }
        Map<String, String> parameters = form(body);
        String action = parameters.getOrDefault("Action", "");
        if (action.isEmpty()) {
            throw new Rejected(400, "MissingAction", "The request must name its Action");
        }
        String version = parameters.getOrDefault("Version", API_VERSION);
        if (!API_VERSION.equals(version)) {
            throw new Rejected(400, "NoSuchVersion",
                    "The requested version (" + version + ") of service AmazonCloudFormation does not exist");
        }
        if (!ACTIONS.contains(action)) {
            throw new Rejected(400, "InvalidAction",
                    "Could not find operation " + action + " for version " + API_VERSION);
        }
        Optional<FaultPlan.Fault> fault = faults.next(action);
        if (fault.isPresent()) {
            LOG.debug("Injected {} into {} request {}", fault.get().code(), action, requestId);
            return new Answer(fault.get().status(),
                    QueryXml.error(fault.get().type(), fault.get().code(), fault.get().message(), requestId));
        }
        return switch (action) {
            case "ListStacks" -> listStacks(parameters, requestId);
            case "DescribeStackResource" -> describeStackResource(parameters, requestId);
            default -> describeStacks(parameters, requestId);
        };
    }

    /** The request body, refused with 413 before it is read when its length says too big, or once it passes the cap. */
    private static byte[] boundedBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declared.trim().matches("[0-9]+")
                && new BigInteger(declared.trim()).compareTo(BigInteger.valueOf(MAX_BODY_BYTES)) > 0) {
            throw tooLarge(declared.trim() + " bytes");
        }
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw tooLarge("more than " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }

    private static Rejected tooLarge(String size) {
        return new Rejected(413, "RequestEntityTooLarge", "The request body (" + size + ") is larger than the "
                + MAX_BODY_BYTES + " bytes the snapshot endpoint reads");
    }

    private Answer listStacks(Map<String, String> parameters, String requestId) {
        List<String> statuses = statusFilter(parameters);
        List<SnapshotStack> matching = statuses.isEmpty() ? snapshot.stacks()
                : snapshot.stacks().stream().filter(stack -> statuses.contains(stack.stackStatus())).toList();
        Page page = page(matching, "ListStacks" + statuses.stream().sorted().distinct().toList(), parameters);
        LOG.debug("ListStacks request {}: {} of {} stacks", requestId, page.stacks().size(), matching.size());
        return new Answer(200, QueryXml.listStacks(page.stacks(), page.nextToken(), requestId));
    }

    private Answer describeStacks(Map<String, String> parameters, String requestId) {
        String stackName = parameters.getOrDefault("StackName", "");
        if (stackName.isEmpty()) {
            Page page = page(liveStacks, "DescribeStacks", parameters);
            return new Answer(200, QueryXml.describeStacks(page.stacks(), page.nextToken(), requestId));
        }
        SnapshotStack stack = snapshot.find(stackName).orElseThrow(() ->
                new Rejected(400, "ValidationError", "Stack with id " + stackName + " does not exist"));
        LOG.debug("DescribeStacks request {}: {} {}", requestId, stack.stackId(), stack.stackStatus());
        return new Answer(200, QueryXml.describeStacks(List.of(stack), Optional.empty(), requestId));
    }

    /** The resource a snapshot stack lists under {@code StackResources}, with CloudFormation's errors otherwise. */
    private Answer describeStackResource(Map<String, String> parameters, String requestId) {
        String stackName = parameters.getOrDefault("StackName", "");
        String logicalId = parameters.getOrDefault("LogicalResourceId", "");
        SnapshotStack stack = snapshot.find(stackName).orElseThrow(() ->
                new Rejected(400, "ValidationError", "Stack '" + stackName + "' does not exist"));
        SnapshotStack.Resource resource = stack.resources().stream()
                .filter(candidate -> candidate.logicalResourceId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new Rejected(400, "ValidationError",
                        "Resource " + logicalId + " does not exist for stack " + stackName));
        return new Answer(200, QueryXml.describeStackResource(stack, resource, requestId));
    }

    private Page page(List<SnapshotStack> matching, String query, Map<String, String> parameters) {
        String token = parameters.getOrDefault("NextToken", "");
        int offset = token.isEmpty() ? 0 : PageToken.decode(token, snapshot.fingerprint(), query, matching.size())
                .orElseThrow(() -> new Rejected(400, "ValidationError", "Invalid NextToken"));
        int end = Math.min(offset + pageSize, matching.size());
        Optional<String> next = end < matching.size()
                ? Optional.of(PageToken.encode(snapshot.fingerprint(), query, end))
                : Optional.empty();
        return new Page(matching.subList(offset, end), next);
    }

    /** The statuses of {@code StackStatusFilter.member.N}, in member order; empty when there is no filter. */
    private static List<String> statusFilter(Map<String, String> parameters) {
        Map<Integer, String> members = new TreeMap<>(Comparator.naturalOrder());
        parameters.forEach((key, value) -> {
            Matcher matcher = STATUS_FILTER_MEMBER.matcher(key);
            if (matcher.matches()) {
                if (StackStatus.fromValue(value) == StackStatus.UNKNOWN_TO_SDK_VERSION) {
                    throw new Rejected(400, "ValidationError", "1 validation error detected: Value '" + value
                            + "' at 'stackStatusFilter' failed to satisfy constraint: Member must satisfy enum value set");
                }
                members.put(Integer.valueOf(matcher.group(1)), value);
            }
        });
        return List.copyOf(members.values());
    }

    /** The parameters of a form body; the first of repeated names wins. */
    private static Map<String, String> form(String body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            try {
                parameters.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new Rejected(400, "MalformedQueryString", "The form body is not URL-encoded: " + e.getMessage());
            }
        }
        return parameters;
    }

    private record Answer(int status, String xml) {
    }

    private record Page(List<SnapshotStack> stacks, Optional<String> nextToken) {
    }

    /** A request the endpoint refuses as CloudFormation would, with a Sender error. */
    private static final class Rejected extends RuntimeException {

        private final int status;
        private final String code;

        Rejected(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }
}
