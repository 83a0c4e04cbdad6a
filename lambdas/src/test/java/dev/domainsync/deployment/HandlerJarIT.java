package dev.domainsync.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What Lambda will find when it runs {@code sam/template.yaml}'s functions: every function's CodeUri is the shaded jar
 * this build wrote, and every Handler names a class in that jar which Lambda can call. The classes are loaded from the
 * jar alone (a class loader over it, above the JDK's), after {@code package}, so a class the shade configuration drops
 * or a dependency it leaves out fails here rather than at the first invocation.
 */
class HandlerJarIT {

    private static final Path SAM_DIRECTORY = Path.of("..", "sam");
    private static final Path TEMPLATE = SAM_DIRECTORY.resolve("template.yaml");
    private static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";
    private static final String HANDLER_METHOD = "handleRequest";
    private static final List<String> HANDLER_INTERFACES = List.of(
            "com.amazonaws.services.lambda.runtime.RequestStreamHandler",
            "com.amazonaws.services.lambda.runtime.RequestHandler");

    private static Path jar;
    private static JsonNode template;

    @BeforeAll
    static void readTheJarAndTheTemplate() throws IOException {
        String built = System.getProperty("domainsync.lambdaJar");
        assertThat(built).as("the system property domainsync.lambdaJar (Failsafe sets it in lambdas/pom.xml)")
                .isNotBlank();
        jar = Path.of(built).toAbsolutePath().normalize();
        assertThat(jar).as("the shaded jar that mvn package writes").isRegularFile();
        template = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(TEMPLATE));
    }

    @Test
    void templateFunctions_allRunTheBuiltJar() {
        Map<String, JsonNode> functions = functions(template);

        assertThat(functions).hasSizeGreaterThanOrEqualTo(10);
        functions.forEach((name, function) -> assertThat(codeUri(function))
                .as("%s's CodeUri, from %s", name, TEMPLATE)
                .isEqualTo(jar));
    }

    @Test
    void templateHandlers_areLambdaHandlersInTheBuiltJar() throws IOException {
        Map<String, String> handlers = new LinkedHashMap<>();
        functions(template).forEach((name, function) -> handlers.put(name, setting(function, "Handler").asText()));

        assertThat(handlers).hasSizeGreaterThanOrEqualTo(10);
        assertThat(problems(handlers)).isEmpty();
    }

    @Test
    void handlersLambdaCannotCall_areNamedEach() throws IOException {
        Map<String, String> handlers = new LinkedHashMap<>();
        handlers.put("Missing", "dev.domainsync.steps.NoSuchHandler::handleRequest");
        handlers.put("WrongMethod", "dev.domainsync.steps.StartRunHandler::handle");
        handlers.put("Abstract", "dev.domainsync.json.JsonHandler::handleRequest");
        handlers.put("NoHandler", "dev.domainsync.json.Json::handleRequest");
        handlers.put("Fine", "dev.domainsync.steps.ListStacksHandler::handleRequest");

        assertThat(problems(handlers)).containsExactly(
                "Missing: class dev.domainsync.steps.NoSuchHandler is not in " + jar,
                "WrongMethod: names method handle; Lambda calls handleRequest",
                "Abstract: dev.domainsync.json.JsonHandler is abstract; Lambda must be able to instantiate it",
                "NoHandler: dev.domainsync.json.Json implements neither RequestStreamHandler nor RequestHandler");
    }

    /** Each handler that Lambda could not call, as "Function: problem". */
    private static List<String> problems(Map<String, String> handlerByFunction) throws IOException {
        List<String> problems = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            List<Class<?>> interfaces = new ArrayList<>();
            for (String name : HANDLER_INTERFACES) {
                interfaces.add(loader.loadClass(name));
            }
            handlerByFunction.forEach((function, handler) -> {
                String problem = problem(handler, loader, interfaces);
                if (problem != null) {
                    problems.add(function + ": " + problem);
                }
            });
        } catch (ClassNotFoundException e) {
            throw new AssertionError("the Lambda runtime interfaces are not in " + jar, e);
        }
        return problems;
    }

    private static String problem(String handler, ClassLoader loader, List<Class<?>> interfaces) {
        String[] parts = handler.split("::", 2);
        if (parts.length == 2 && !parts[1].equals(HANDLER_METHOD)) {
            return "names method " + parts[1] + "; Lambda calls " + HANDLER_METHOD;
        }
        Class<?> type;
        try {
            type = Class.forName(parts[0], false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return "class " + parts[0] + " is not in " + jar;
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return parts[0] + " is abstract; Lambda must be able to instantiate it";
        }
        if (interfaces.stream().noneMatch(face -> face.isAssignableFrom(type))) {
            return parts[0] + " implements neither RequestStreamHandler nor RequestHandler";
        }
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            return parts[0] + " has no public no-argument constructor for Lambda to call";
        }
        return null;
    }

    private static Map<String, JsonNode> functions(JsonNode template) {
        Map<String, JsonNode> functions = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(resource -> {
            if (resource.getValue().path("Type").asText().equals(SERVERLESS_FUNCTION)) {
                functions.put(resource.getKey(), resource.getValue());
            }
        });
        return functions;
    }

    /** A function's property, or the one that Globals gives every function. */
    private static JsonNode setting(JsonNode function, String key) {
        JsonNode own = function.path("Properties").path(key);
        return own.isMissingNode() ? template.path("Globals").path("Function").path(key) : own;
    }

    private static Path codeUri(JsonNode function) {
        return SAM_DIRECTORY.resolve(setting(function, "CodeUri").asText()).toAbsolutePath().normalize();
    }
}
