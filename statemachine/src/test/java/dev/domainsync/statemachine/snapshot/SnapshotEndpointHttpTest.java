package dev.domainsync.statemachine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The wire format of the snapshot endpoint, checked with a plain HTTP client. */
class SnapshotEndpointHttpTest {

    private static final String FORM = "application/x-www-form-urlencoded; charset=utf-8";

    private final HttpClient http = HttpClient.newHttpClient();
    private SnapshotEndpoint endpoint;

    @BeforeEach
    void start() throws IOException {
        endpoint = SnapshotEndpoint.start(SnapshotFixtures.stacks(), 0, FaultPlan.none());
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void listStacks_answersCloudFormationXml() throws Exception {
        HttpResponse<String> response = post("Action=ListStacks&Version=2010-05-15");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/xml");
        assertThat(response.body())
                .startsWith("<ListStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                        + "<ListStacksResult><StackSummaries><member><StackId>")
                .contains("<TemplateDescription>CloudFront distribution for alpha.example.com</TemplateDescription>"
                        + "<CreationTime>2026-01-01T10:00:00.000Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus>")
                .contains("<CreationTime>2026-01-02T08:30:00.123Z</CreationTime><LastUpdatedTime>2026-01-05T10:00:00.456Z</LastUpdatedTime>")
                .contains("<DeletionTime>2025-12-20T09:00:00.789Z</DeletionTime>")
                .doesNotContain("<NextToken>")
                .endsWith("</ListStacksResult><ResponseMetadata><RequestId>"
                        + response.headers().firstValue("x-amzn-RequestId").orElseThrow()
                        + "</RequestId></ResponseMetadata></ListStacksResponse>");
    }

    @Test
    void describeStacks_escapesEveryValueAndParsesBackExactly() throws Exception {
        HttpResponse<String> response = post("Action=DescribeStacks&Version=2010-05-15&StackName=web-beta");

        assertThat(response.body())
                .contains("<Description>&lt;b&gt;&quot;Beta&quot; &amp; &apos;friends&apos;&lt;/b&gt; CloudFront — Grüße, 日本, 😀&#13;\nsecond line\tend</Description>")
                .contains("<Parameters><member><ParameterKey>CustomDomainName</ParameterKey>"
                        + "<ParameterValue>beta.example.com, Bücher.example, &lt;x&gt;&amp;amp;</ParameterValue></member>");
        Document document = parse(response.body());
        assertThat(document.getElementsByTagName("Description").item(0).getTextContent())
                .isEqualTo("<b>\"Beta\" & 'friends'</b> CloudFront — Grüße, 日本, 😀\r\nsecond line\tend");
        assertThat(document.getElementsByTagName("ParameterValue").item(1).getTextContent())
                .isEqualTo("group \"2\" & 'two'");
    }

    @Test
    void describeStacks_byUrlEncodedStackId_findsTheDeletedStack() throws Exception {
        HttpResponse<String> response = post("Action=DescribeStacks&Version=2010-05-15&StackName="
                + URLEncoder.encode(SnapshotFixtures.GONE_ID, StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<StackStatus>DELETE_COMPLETE</StackStatus>");
    }

    @Test
    void describeStacks_unknownStack_errorResponseAsCloudFormationSendsIt() throws Exception {
        HttpResponse<String> response = post("Action=DescribeStacks&Version=2010-05-15&StackName=web-gone");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).matches(
                "<ErrorResponse xmlns=\"http://cloudformation\\.amazonaws\\.com/doc/2010-05-15/\"><Error><Type>Sender</Type>"
                        + "<Code>ValidationError</Code><Message>Stack with id web-gone does not exist</Message></Error>"
                        + "<RequestId>[0-9a-f-]{36}</RequestId></ErrorResponse>");
    }

    @Test
    void unknownAction_invalidAction() throws Exception {
        HttpResponse<String> response = post("Action=CreateStack&Version=2010-05-15&StackName=x");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>InvalidAction</Code>")
                .contains("<Message>Could not find operation CreateStack for version 2010-05-15</Message>");
    }

    @Test
    void missingActionOrOtherVersion_refused() throws Exception {
        assertThat(post("Version=2010-05-15").body()).contains("<Code>MissingAction</Code>");
        assertThat(post("Action=ListStacks&Version=2011-01-01").body()).contains("<Code>NoSuchVersion</Code>");
        assertThat(post("Action=ListStacks&StackName=%zz").body()).contains("<Code>MalformedQueryString</Code>");
    }

    @Test
    void invalidStatusFilter_validationError() throws Exception {
        HttpResponse<String> response = post("Action=ListStacks&Version=2010-05-15&StackStatusFilter.member.1=DONE");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("<Code>ValidationError</Code>").contains("Value &apos;DONE&apos; at &apos;stackStatusFilter&apos;");
    }

    @Test
    void getOrOtherPath_refusedWith4xx() throws Exception {
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(endpoint.uri().resolve("/?Action=ListStacks")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> otherPath = http.send(HttpRequest.newBuilder(endpoint.uri().resolve("/stacks"))
                .header("Content-Type", FORM).POST(HttpRequest.BodyPublishers.ofString("Action=ListStacks")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> json = http.send(HttpRequest.newBuilder(endpoint.uri())
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(otherPath.statusCode()).isEqualTo(404);
        assertThat(json.statusCode()).isEqualTo(415);
        assertThat(endpoint.requestCount()).isEqualTo(3);
    }

    @Test
    void bodyDeclaredAs300Megabytes_413BeforeReadingIt() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + FORM
                    + "\r\nContent-Length: 314572800\r\n\r\nAction=ListStacks&Version=2010-05-15&x=")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();

            String answer = answer(socket);

            assertThat(answer).startsWith("HTTP/1.1 413 ")
                    .containsIgnoringCase("Connection: close")
                    .contains("<Code>RequestEntityTooLarge</Code>")
                    .contains("The request body (314572800 bytes) is larger than the 1048576 bytes");
        }
        assertThat(post("Action=ListStacks&Version=2010-05-15").statusCode()).isEqualTo(200);
    }

    @Test
    void chunkedBodyPastTheCap_413AfterReadingTheCapOnly() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        try (Socket socket = connect()) {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + FORM
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < SnapshotEndpoint.MAX_BODY_BYTES / chunk.length + 1; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();

            String answer = answer(socket);

            assertThat(answer).startsWith("HTTP/1.1 413 ")
                    .contains("The request body (more than 1048576 bytes) is larger than the 1048576 bytes");
        }
    }

    @Test
    void bodyOfExactlyTheCap_isRead() throws Exception {
        String form = "Action=ListStacks&Version=2010-05-15&Padding=";
        HttpResponse<String> response = post(form + "p".repeat(SnapshotEndpoint.MAX_BODY_BYTES - form.length()));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(endpoint.uri().getHost(), endpoint.uri().getPort());
        // A server that waited for the whole body would fail the test instead of hanging it.
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** The status line, headers and body of one answer, read up to its Content-Length. */
    private static String answer(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder head = new StringBuilder();
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            head.append(line).append("\r\n");
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
            int n = in.read(body, read, length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return head + "\r\n" + new String(body, 0, read);
    }

    private HttpResponse<String> post(String form) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint.uri() + "/")).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
