package dev.domainsync.json;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a handler does before SnapStart's snapshot (AWS's priming guidance): reads and writes a sample of its input
 * and output records, serves its {@link JsonHandler#rehearsalRequest()} through the stream entry point inside a
 * {@link Rehearsal}, then primes every {@link Primeable} collaborator it holds, directly or through its own
 * collaborators (the schema migration, the catalog), so that the first real request finds the same classes loaded
 * and code run. Kept here, once, so that no handler has to list what it primes.
 */
final class Priming {

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    private static final String DOMAIN_PACKAGE = "dev.domainsync.";
    /**
     * The handler's fields, theirs and theirs: ExtractParams reaches its catalog through its ParameterReader, the
     * custom resource its registry's schema migration through its registrar.
     */
    private static final int DEPTH = 3;
    private static final int MAX_SAMPLE_DEPTH = 6;
    /**
     * Elements of an outer list in a sample: past the JDK's reflection inflation threshold (15 calls), so that the
     * accessors it generates for the records of a page exist before the first page arrives.
     */
    private static final int OUTER_LIST_SAMPLE_SIZE = 16;
    private static final int OUTER_LIST_DEPTH = 2;
    private static final Instant SAMPLE_TIME = Instant.parse("2026-01-01T00:00:00Z");

    private Priming() {
    }

    static void prime(JsonHandler<?, ?> handler) {
        long started = System.nanoTime();
        primeJson(handler.getClass());
        boolean rehearsed = rehearse(handler);
        // After the rehearsal, which builds what a handler builds on its first request (the custom resource's).
        List<Primeable> collaborators = new ArrayList<>();
        collect(handler, DEPTH, Collections.newSetFromMap(new IdentityHashMap<>()), collaborators);
        for (Primeable collaborator : collaborators) {
            try {
                collaborator.prime();
            } catch (RuntimeException e) {
                LOG.warn("{} could not prime {}; its first request does that work instead: {}",
                        handler.getClass().getSimpleName(), collaborator.getClass().getSimpleName(), e.toString());
            }
        }
        LOG.info("{} primed the JSON boundary, {} and {} collaborators in {} ms", handler.getClass().getSimpleName(),
                rehearsed ? "a rehearsed request" : "no request", collaborators.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Serves the handler's rehearsal request, if it has one; true when it was served. A rehearsal may end in an
     * error (a made-up stack that the function may not read): the path up to it is loaded all the same.
     */
    private static <I> boolean rehearse(JsonHandler<I, ?> handler) {
        try {
            return Rehearsal.run(() -> handler.rehearsalRequest().map(request -> serve(handler, request))
                    .orElse(false));
        } catch (RuntimeException e) {
            LOG.info("{} rehearsed a request up to {}", handler.getClass().getSimpleName(), e.toString());
            return true;
        }
    }

    private static <I> boolean serve(JsonHandler<I, ?> handler, I request) {
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.mapper().writeValueAsBytes(request)),
                    OutputStream.nullOutputStream(), new PrimingContext(handler.getClass().getSimpleName()));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a sample of the input and of the output record, built from their components, and writes both back: the
     * same reader, writer and date, list and nested-record paths that the first request takes. A sample that a
     * record refuses (a validation rule) is fine; the path up to the refusal is primed all the same.
     */
    private static void primeJson(Class<?> handlerType) {
        ObjectMapper mapper = Json.mapper();
        for (JavaType type : mapper.getTypeFactory().constructType(handlerType).findTypeParameters(JsonHandler.class)) {
            try {
                // From bytes, as a request arrives: the byte-source parser too, not only the tree reader.
                Object value = mapper.readerFor(type).readValue(mapper.writeValueAsBytes(sample(mapper, type, 0)));
                mapper.writerFor(type).writeValueAsBytes(value);
            } catch (Exception refused) {
                LOG.debug("Priming sample of {} refused, as it may be: {}", type, refused.getMessage());
            }
        }
    }

    /**
     * A JSON value of {@code type}: 16 elements per outer list, one per inner list, every property of our records
     * set, other objects empty.
     */
    private static JsonNode sample(ObjectMapper mapper, JavaType type, int depth) {
        Class<?> raw = type.getRawClass();
        JsonNodeFactory nodes = mapper.getNodeFactory();
        if (depth > MAX_SAMPLE_DEPTH) {
            return nodes.nullNode();
        }
        if (raw == String.class) {
            return nodes.textNode("prime");
        }
        if (raw == Instant.class) {
            return nodes.textNode(SAMPLE_TIME.toString());
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return nodes.booleanNode(false);
        }
        if (raw.isPrimitive() || Number.class.isAssignableFrom(raw)) {
            return nodes.numberNode(1);
        }
        if (raw.isEnum()) {
            return nodes.textNode(((Enum<?>) raw.getEnumConstants()[0]).name());
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            ArrayNode array = nodes.arrayNode();
            for (int i = 0; i < (depth <= OUTER_LIST_DEPTH ? OUTER_LIST_SAMPLE_SIZE : 1); i++) {
                array.add(sample(mapper, type.getContentType(), depth + 1));
            }
            return array;
        }
        ObjectNode object = nodes.objectNode();
        if (raw.getName().startsWith(DOMAIN_PACKAGE)) {
            // Jackson's own view of the properties, so that @JsonProperty names (the custom resource's) are honoured.
            for (BeanPropertyDefinition property : mapper.getDeserializationConfig().introspect(type).findProperties()) {
                object.set(property.getName(), sample(mapper, property.getPrimaryType(), depth + 1));
            }
        }
        return object;
    }

    private static void collect(Object owner, int depth, Set<Object> seen, List<Primeable> found) {
        if (depth == 0) {
            return;
        }
        for (Class<?> type = owner.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive()) {
                    continue;
                }
                Object value = read(field, owner);
                if (value == null || !value.getClass().getName().startsWith(DOMAIN_PACKAGE) || !seen.add(value)) {
                    continue;
                }
                if (value instanceof Primeable primeable) {
                    found.add(primeable);
                } else {
                    collect(value, depth - 1, seen, found);
                }
            }
        }
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
