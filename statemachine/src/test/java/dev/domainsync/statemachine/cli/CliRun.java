package dev.domainsync.statemachine.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One execution of the {@code domain-sync} command line in this JVM, with what it printed: the command line's
 * stdout and stderr, and whatever else reached the process's own streams meanwhile (log lines).
 */
record CliRun(int exitCode, String out, String err, String processStreams) {

    /** Runs {@code domain-sync args...}; the process's streams are borrowed for the call and then restored. */
    static CliRun execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream process = new ByteArrayOutputStream();
        PrintStream systemOut = System.out;
        PrintStream systemErr = System.err;
        PrintStream capture = new PrintStream(process, true, StandardCharsets.UTF_8);
        int exitCode;
        // Swapped before the command line is built: picocli replaces the writers set below with ones on the
        // System streams it saw when it was built, when those have changed since.
        System.setOut(capture);
        System.setErr(capture);
        try {
            CommandLine commandLine = DomainSyncCli.commandLine()
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true));
            exitCode = commandLine.execute(args);
        } finally {
            System.setOut(systemOut);
            System.setErr(systemErr);
        }
        CliRun run = new CliRun(exitCode, out.toString(), err.toString(), process.toString(StandardCharsets.UTF_8));
        // Kept in the surefire report for whoever reads a failure; not the arguments, which may hold a password.
        systemOut.println("$ domain-sync " + (args.length == 0 ? "" : args[0] + " ...") + "\n" + run);
        return run;
    }

    /** Everything it printed, anywhere. */
    String printed() {
        return out + err + processStreams;
    }

    /** A JDBC URL to a local port where nothing listens, with {@code password} in it. */
    static String unreachableJdbcUrl(String password) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/nowhere?user=postgres&password="
                    + password + "&connectTimeout=2";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err + "--- process streams\n"
                + processStreams;
    }
}
