package dev.domainsync.telemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;

/**
 * The functions' log lines as Lambda would get them: a second appender with the layout that log4j2.xml gives the
 * functions' stdout appender, writing into memory while it is open.
 */
public final class LogCapture implements AutoCloseable {

    private static final String NAME = "capture";

    private final StringWriter lines = new StringWriter();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

    public LogCapture() {
        Configuration configuration = context.getConfiguration();
        Appender functions = configuration.getAppender("JsonAppender");
        if (functions == null) {
            throw new AssertionError("log4j2.xml has no JsonAppender: is lambdas' log4j2.xml on the classpath?");
        }
        WriterAppender appender = WriterAppender.createAppender((StringLayout) functions.getLayout(), null, lines,
                NAME, false, true);
        appender.start();
        configuration.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    /** Every line logged so far, parsed: each must be one JSON object. */
    public List<JsonNode> lines() {
        return parseEach(lines.toString().lines(), "a log line");
    }

    /** Each text parsed as one JSON document; one that is not fails the test, naming {@code what} it is. */
    static List<JsonNode> parseEach(Stream<String> texts, String what) {
        ObjectMapper mapper = new ObjectMapper();
        return texts.map(text -> {
            try {
                return mapper.readTree(text);
            } catch (JsonProcessingException e) {
                throw new AssertionError(what + " that is not JSON: " + text, e);
            }
        }).toList();
    }

    public String text() {
        return lines.toString();
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(NAME);
        context.updateLoggers();
    }
}
