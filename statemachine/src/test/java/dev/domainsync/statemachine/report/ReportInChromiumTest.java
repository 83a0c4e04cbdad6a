package dev.domainsync.statemachine.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html in a real browser, headless Chromium: its own script runs under its Content-Security-Policy and the
 * browser reports no violation; a page whose script differs from the hash is refused, so the check can fail.
 * Where Chromium is not installed ({@code apt-get install -y chromium}) the tests are skipped with that reason.
 */
class ReportInChromiumTest {

    /**
     * The one trace the page's script leaves in a DOM that nobody clicks: the root element marked as scripted, which
     * turns the event table's Map iterations into groups that open on a click.
     */
    private static final String SCRIPT_RAN = "<html lang=\"en\" class=\"js\">";

    private static Path chromium;

    @TempDir
    Path dir;

    @BeforeAll
    static void findChromium() {
        chromium = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(folder -> Stream.of("chromium", "chromium-browser", "google-chrome")
                        .map(name -> Path.of(folder, name)))
                .filter(Files::isExecutable)
                .findFirst().orElse(null);
    }

    @Test
    void hostileReport_rendersAndItsScriptRuns_withNoPolicyViolation() throws Exception {
        Page page = open(Fixtures.report(Fixtures.HOSTILE).html());

        assertThat(page.dom()).contains(SCRIPT_RAN).contains("aria-label=\"State machine graph");
        assertThat(ReaderView.text(page.dom())).contains("Graph view", "Timeline");
        assertThat(page.log()).doesNotContainIgnoringCase("Content Security Policy");
    }

    @Test
    void scriptThatIsNotTheHashedOne_isRefusedByTheBrowser() throws Exception {
        String html = Fixtures.report(Fixtures.SUCCESS).html()
                .replace("classList.add('js')", "classList.add('tampered')");

        Page page = open(html);

        assertThat(page.dom()).doesNotContain("class=\"tampered\"").doesNotContain(SCRIPT_RAN);
        assertThat(page.log()).contains("violates the following Content Security Policy directive 'script-src");
    }

    private record Page(String dom, String log) {
    }

    private Page open(String html) throws IOException, InterruptedException {
        assumeTrue(chromium != null, "no chromium on PATH (apt-get install -y chromium)");
        Path file = dir.resolve("report.html");
        Files.writeString(file, html, StandardCharsets.UTF_8);
        Path dom = dir.resolve("dom.html");
        Path log = dir.resolve("chromium.log");
        Process process = new ProcessBuilder(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=2000", "--dump-dom", file.toUri().toString()))
                .redirectOutput(dom.toFile())
                .redirectError(log.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within 120 s");
        }
        assertThat(process.exitValue()).as("chromium's exit status; its log: %s", Files.readString(log)).isZero();
        return new Page(Files.readString(dom), Files.readString(log));
    }
}
