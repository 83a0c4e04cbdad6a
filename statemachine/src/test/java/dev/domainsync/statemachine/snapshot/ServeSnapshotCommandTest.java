package dev.domainsync.statemachine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

class ServeSnapshotCommandTest {

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void malformedSnapshot_exitCode2WithTheProblemOnStderr() throws IOException {
        Path file = Files.writeString(directory.resolve("bad.json"), "{\"Stacks\": [{\"StackName\": \"web\"}]}");

        int exitCode = command(out).execute(file.toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("serve-snapshot: snapshot " + file + ": stack #1 \"web\": missing StackId" + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingFile_exitCode2() {
        int exitCode = command(out).execute(directory.resolve("absent.json").toString());

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).startsWith("serve-snapshot: cannot read snapshot ").contains("absent.json: no such file");
    }

    @Test
    void invalidRates_usageErrorExitCode2() {
        int exitCode = command(out).execute(SnapshotFixtures.stacksFile().toString(),
                "--throttle-rate", "0.8", "--error-rate", "0.5");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("must be at least 0 and add up to at most 1");
    }

    @Test
    void validSnapshot_printsOneLineServesUntilInterrupted() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Path file = SnapshotFixtures.stacksFile();
        Thread serving = new Thread(() -> exitCode.set(command(new LineWriter(lines)).execute(file.toString(), "--port", "0")),
                "serve-snapshot-test");
        serving.start();
        try (CloudFormationClient cloudFormation = SnapshotFixtures.client(servedUri(lines.poll(30, TimeUnit.SECONDS), file))) {
            assertThat(cloudFormation.listStacks(request -> { }).stackSummaries()).hasSize(6);

            serving.interrupt();
            serving.join(TimeUnit.SECONDS.toMillis(30));

            assertThat(serving.isAlive()).isFalse();
            assertThat(exitCode.get()).isZero();
            assertThat(lines).as("one line on stdout").isEmpty();
            SdkClientException refused =
                    catchThrowableOfType(SdkClientException.class, () -> cloudFormation.listStacks(request -> { }));
            assertThat(refused).as("the endpoint is closed").hasRootCauseInstanceOf(ConnectException.class);
        } finally {
            serving.interrupt();
        }
    }

    private static URI servedUri(String line, Path file) {
        assertThat(line).as("the command's line on stdout").isNotNull();
        Matcher matcher = Pattern.compile("Serving 6 stacks from (.+) at (http://127\\.0\\.0\\.1:\\d+) \\(Ctrl-C to stop\\)")
                .matcher(line);
        assertThat(matcher.matches()).as(line).isTrue();
        assertThat(matcher.group(1)).isEqualTo(file.toString());
        return URI.create(matcher.group(2));
    }

    private CommandLine command(Writer stdout) {
        return new CommandLine(new ServeSnapshotCommand())
                .setOut(new PrintWriter(stdout, true))
                .setErr(new PrintWriter(err, true));
    }

    /** Hands every completed line to a queue, so the test waits for the command's line without polling. */
    private static final class LineWriter extends Writer {

        private final BlockingQueue<String> lines;
        private final StringBuilder line = new StringBuilder();

        LineWriter(BlockingQueue<String> lines) {
            this.lines = lines;
        }

        @Override
        public synchronized void write(char[] characters, int offset, int length) {
            for (int index = offset; index < offset + length; index++) {
                char character = characters[index];
                if (character == '\n') {
                    lines.add(line.toString().stripTrailing());
                    line.setLength(0);
                } else {
                    line.append(character);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
