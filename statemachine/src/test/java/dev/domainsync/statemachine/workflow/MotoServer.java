package dev.domainsync.statemachine.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * moto's server ({@code python3 -m moto.server}) as a child process on a free loopback port: a CloudFormation
 * that nobody here wrote, for end-to-end tests. Its output goes to a log file that a failure quotes.
 */
final class MotoServer implements AutoCloseable {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration IMPORT_CHECK = Duration.ofSeconds(60);
    // Importing moto takes seconds, and far longer on a loaded machine.
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration CONNECT_ATTEMPT = Duration.ofMillis(200);
    private static final Duration BETWEEN_ATTEMPTS = Duration.ofMillis(100);
    private static final Duration SHUTDOWN = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 30;

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Why moto's server cannot run here, or empty when python3 imports it and boto3; output goes to directory. */
    static Optional<String> unavailableReason(Path directory) {
        Path output = directory.resolve("moto-import-check.log");
        ProcessBuilder builder = new ProcessBuilder("python3", "-c", "import boto3, moto.server")
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        try {
            Process check = builder.start();
            if (!check.waitFor(IMPORT_CHECK.toSeconds(), TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return Optional.of("`python3 -c 'import boto3, moto.server'` did not finish in " + IMPORT_CHECK);
            }
            if (check.exitValue() != 0) {
                return Optional.of("`python3 -c 'import boto3, moto.server'` failed: " + lastLine(output));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("python3 cannot be started: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking for moto");
        }
    }

    /** Starts the server and returns once it accepts connections; its log is {@code directory/moto-server.log}. */
    static MotoServer start(Path directory) throws IOException {
        int port = freePort();
        Path log = directory.resolve("moto-server.log");
        ProcessBuilder builder = new ProcessBuilder("python3", "-m", "moto.server",
                "-H", LOOPBACK.getHostAddress(), "-p", String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        MotoServer server = new MotoServer(builder.start(), port, log);
        try {
            server.awaitAnswering();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    URI uri() {
        return URI.create("http://" + LOOPBACK.getHostAddress() + ":" + port);
    }

    /** The last lines moto wrote, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        // Descendants first, in case python3 is a launcher that does not exec the interpreter.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Tries to connect until the server accepts, at most {@link #STARTUP}; between attempts it waits on the process
     * itself, so a server that dies (a taken port, a broken install) fails at once with its log.
     */
    private void awaitAnswering() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto's server exited with status " + process.exitValue()
                        + " before accepting connections on port " + port + "; its log:\n" + logTail());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(LOOPBACK, port), (int) CONNECT_ATTEMPT.toMillis());
                return;
            } catch (IOException notListeningYet) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("moto's server did not accept connections on port " + port
                            + " within " + STARTUP + "; its log:\n" + logTail(), notListeningYet);
                }
            }
            try {
                process.waitFor(BETWEEN_ATTEMPTS.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for moto's server", e);
            }
        }
    }

    private static int freePort() throws IOException {
        // The port is free when this returns; moto binds it a moment later, and a lost race fails loudly above.
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        }
    }

    private static String lastLine(Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank())
                    .toList();
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
