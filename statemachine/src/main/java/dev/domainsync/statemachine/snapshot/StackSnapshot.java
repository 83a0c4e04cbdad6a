package dev.domainsync.statemachine.snapshot;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.domainsync.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cloudformation.model.StackDriftStatus;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * The stacks that the snapshot endpoint serves, read from the JSON object that
 * {@code aws cloudformation describe-stacks} prints ({@code {"Stacks": [...]}}) and validated when loaded.
 *
 * <p>The snapshot's order is kept: ListStacks pages through the stacks in the order of the file, while
 * CloudFormation itself lists the newest first. Deleted stacks are the ones in {@code DELETE_COMPLETE}, with a
 * {@code DeletionTime}. A stack may also carry the {@code StackResources} that
 * {@code aws cloudformation describe-stack-resources} prints, for DescribeStackResource. Fields the endpoint does
 * not serve (ChangeSetId, NotificationARNs, TimeoutInMinutes, RollbackConfiguration, LastOperations, ...) are ignored.
 *
 * <p>Long because it is the one validator of the snapshot format: every field a user may write is checked here, with
 * the error that names it, so that a malformed snapshot never reaches the endpoint half-read.
 */
public final class StackSnapshot {

    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private final String sourceName;
    private final List<SnapshotStack> stacks;
    private final Map<String, SnapshotStack> byId;
    private final Map<String, SnapshotStack> liveByName;
    private final String fingerprint;

    private StackSnapshot(String sourceName, List<SnapshotStack> stacks, String fingerprint) {
        this.sourceName = sourceName;
        this.stacks = List.copyOf(stacks);
        this.fingerprint = fingerprint;
        this.byId = stacks.stream().collect(Collectors.toUnmodifiableMap(SnapshotStack::stackId, stack -> stack));
        this.liveByName = stacks.stream().filter(stack -> !stack.deleted())
                .collect(Collectors.toUnmodifiableMap(SnapshotStack::stackName, stack -> stack));
    }

    /**
     * Reads and validates the snapshot file.
     *
     * @throws IOException when the file cannot be read (or is not UTF-8)
     * @throws InvalidSnapshotException when its content is not a valid snapshot
     */
    public static StackSnapshot load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Why {@code file} could not be read, in one line that names it once: "cannot read snapshot F: no such file". */
    public static String unreadable(Path file, IOException e) {
        String reason;
        if (e instanceof java.nio.file.NoSuchFileException) {
            reason = "no such file";
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof java.nio.charset.CharacterCodingException) {
            reason = "not UTF-8 text";
        } else if (Files.isDirectory(file)) {
            reason = "it is a folder, not a file";
        } else {
            reason = e.getMessage() == null || e.getMessage().equals(file.toString())
                    ? e.getClass().getSimpleName() : e.getMessage();
        }
        return "cannot read snapshot " + file + ": " + reason;
    }

    /**
     * Validates a snapshot given as text.
     *
     * @param sourceName where the text came from, for the messages
     * @throws InvalidSnapshotException when the text is not a valid snapshot
     */
    public static StackSnapshot parse(String json, String sourceName) {
        JsonNode root = readJson(json, sourceName);
        JsonNode array = root.isObject() ? root.get("Stacks") : null;
        if (array == null || !array.isArray()) {
            throw new InvalidSnapshotException("snapshot " + sourceName
                    + ": expected the object that describe-stacks prints, {\"Stacks\": [...]}, but found no \"Stacks\" array");
        }
        List<SnapshotStack> stacks = new ArrayList<>();
        Map<String, Integer> numberById = new HashMap<>();
        Map<String, Integer> liveNumberByName = new HashMap<>();
        for (int index = 0; index < array.size(); index++) {
            int number = index + 1;
            SnapshotStack stack = new StackReader(sourceName, number, array.get(index)).read();
            Integer sameId = numberById.putIfAbsent(stack.stackId(), number);
            if (sameId != null) {
                throw new InvalidSnapshotException(StackReader.label(sourceName, number, stack.stackName())
                        + "duplicate StackId " + stack.stackId() + " (also stack #" + sameId + ")");
            }
            if (!stack.deleted()) {
                Integer sameName = liveNumberByName.putIfAbsent(stack.stackName(), number);
                if (sameName != null) {
                    throw new InvalidSnapshotException(StackReader.label(sourceName, number, stack.stackName())
                            + "StackName is also used by stack #" + sameName
                            + ", and CloudFormation keeps names unique among stacks that are not DELETE_COMPLETE");
                }
            }
            stacks.add(stack);
        }
        return new StackSnapshot(sourceName, stacks, fingerprintOf(json));
    }

    /** Where the snapshot came from: the file name, or the name given to {@link #parse}. */
    public String sourceName() {
        return sourceName;
    }

    /** Every stack, deleted ones included, in the snapshot's order. */
    public List<SnapshotStack> stacks() {
        return stacks;
    }

    /** The stacks that are not DELETE_COMPLETE, in the snapshot's order. */
    public List<SnapshotStack> liveStacks() {
        return stacks.stream().filter(stack -> !stack.deleted()).toList();
    }

    public int size() {
        return stacks.size();
    }

    /**
     * The stack that DescribeStacks finds for {@code stackName}, as CloudFormation does: a stack id finds its
     * stack in any status, a stack name only a stack that is not deleted.
     */
    public Optional<SnapshotStack> find(String stackName) {
        SnapshotStack byStackId = byId.get(stackName);
        return byStackId != null ? Optional.of(byStackId) : Optional.ofNullable(liveByName.get(stackName));
    }

    /** A short digest of the snapshot's text, so that a page token of another snapshot is refused. */
    public String fingerprint() {
        return fingerprint;
    }

    private static JsonNode readJson(String json, String sourceName) {
        try {
            JsonNode root = READER.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new InvalidSnapshotException("snapshot " + sourceName + " is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation location = e.getLocation();
            String where = location == null ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw new InvalidSnapshotException(
                    "snapshot " + sourceName + " is not JSON" + where + ": " + withoutSource(e.getOriginalMessage()), e);
        }
    }

    /** Jackson's message without its parser internals ("(start marker at [Source: ...; line: 1, column: 1])"). */
    private static String withoutSource(String message) {
        int internals = message.indexOf(" (start marker at [Source");
        if (internals < 0) {
            internals = message.indexOf(" at [Source");
        }
        String text = internals < 0 ? message : message.substring(0, internals);
        return text.split("\\R", 2)[0];
    }

    private static String fingerprintOf(String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Reads one element of the Stacks array, naming the stack in every problem it finds. */
    private static final class StackReader {

        private final String sourceName;
        private final int number;
        private final JsonNode node;
        private String stackName;

        StackReader(String sourceName, int number, JsonNode node) {
            this.sourceName = sourceName;
            this.number = number;
            this.node = node;
        }

        static String label(String sourceName, int number, String stackName) {
            return "snapshot " + sourceName + ": stack #" + number
                    + (stackName == null ? "" : " \"" + stackName + "\"") + ": ";
        }

        SnapshotStack read() {
            if (!node.isObject()) {
                throw problem("expected an object but found " + kind(node));
            }
            JsonNode name = node.get("StackName");
            stackName = name != null && name.isTextual() ? name.asText() : null;
            String stackId = required("StackId");
            String requiredName = required("StackName");
            String status = required("StackStatus");
            if (StackStatus.fromValue(status) == StackStatus.UNKNOWN_TO_SDK_VERSION) {
                throw problem("unknown StackStatus \"" + status + "\" (CloudFormation's are "
                        + StackStatus.knownValues().stream().map(StackStatus::toString).sorted()
                                .collect(Collectors.joining(", ")) + ")");
            }
            Instant creationTime = time("CreationTime", required("CreationTime"));
            // describe-stacks always prints a deleted stack's DeletionTime, but no rule reads it: a hand-written
            // snapshot without one is served as it is rather than refused.
            Optional<Instant> deletionTime = optional("DeletionTime").map(text -> time("DeletionTime", text));
            return new SnapshotStack(
                    stackId,
                    requiredName,
                    // ListStacks calls it TemplateDescription, describe-stacks Description: either means the same.
                    optional("Description").or(() -> optional("TemplateDescription")),
                    list("Parameters", "{\"ParameterKey\": \"..\", \"ParameterValue\": \"..\"}", this::parameter),
                    creationTime,
                    optional("LastUpdatedTime").map(text -> time("LastUpdatedTime", text)),
                    deletionTime,
                    status,
                    optional("StackStatusReason"),
                    optional("ParentId"),
                    optional("RootId"),
                    driftInformation(),
                    list("Outputs", "{\"OutputKey\": \"..\", \"OutputValue\": \"..\"}", this::output),
                    list("Tags", "{\"Key\": \"..\", \"Value\": \"..\"}", this::tag),
                    list("Capabilities", "strings", this::capability),
                    optionalBoolean("DisableRollback"),
                    optionalBoolean("EnableTerminationProtection"),
                    optional("RoleARN"),
                    list("StackResources", "{\"LogicalResourceId\": \"..\", \"ResourceType\": \"..\","
                            + " \"ResourceStatus\": \"..\"}", this::resource));
        }

        private SnapshotStack.Resource resource(JsonNode item, String where) {
            return new SnapshotStack.Resource(
                    requiredIn(item, "LogicalResourceId", where),
                    optionalIn(item, "PhysicalResourceId", where),
                    requiredIn(item, "ResourceType", where),
                    requiredIn(item, "ResourceStatus", where));
        }

        private SnapshotStack.Parameter parameter(JsonNode item, String where) {
            return new SnapshotStack.Parameter(
                    requiredIn(item, "ParameterKey", where),
                    // An empty value is a real (blank) parameter; describe-stacks prints it as "".
                    optionalIn(item, "ParameterValue", where).orElse(""),
                    optionalIn(item, "ResolvedValue", where));
        }

        private SnapshotStack.Output output(JsonNode item, String where) {
            return new SnapshotStack.Output(
                    requiredIn(item, "OutputKey", where),
                    optionalIn(item, "OutputValue", where),
                    optionalIn(item, "Description", where),
                    optionalIn(item, "ExportName", where));
        }

        private SnapshotStack.Tag tag(JsonNode item, String where) {
            return new SnapshotStack.Tag(requiredIn(item, "Key", where), requiredIn(item, "Value", where));
        }

        private String capability(JsonNode item, String where) {
            if (!item.isTextual()) {
                throw problem(where + " must be a string but is " + kind(item));
            }
            return xmlSafe(where, item.asText());
        }

        private Optional<SnapshotStack.DriftInformation> driftInformation() {
            JsonNode drift = node.get("DriftInformation");
            if (drift == null || drift.isNull()) {
                return Optional.empty();
            }
            if (!drift.isObject()) {
                throw problem("DriftInformation must be an object but is " + kind(drift));
            }
            String status = requiredIn(drift, "StackDriftStatus", "DriftInformation");
            if (StackDriftStatus.fromValue(status) == StackDriftStatus.UNKNOWN_TO_SDK_VERSION) {
                throw problem("unknown DriftInformation.StackDriftStatus \"" + status + "\"");
            }
            return Optional.of(new SnapshotStack.DriftInformation(status,
                    optionalIn(drift, "LastCheckTimestamp", "DriftInformation")
                            .map(text -> time("DriftInformation.LastCheckTimestamp", text))));
        }

        private <T> List<T> list(String field, String shape, BiFunction<JsonNode, String, T> reader) {
            JsonNode array = node.get(field);
            if (array == null || array.isNull()) {
                return List.of();
            }
            if (!array.isArray()) {
                throw problem(field + " must be a list of " + shape + " but is " + kind(array));
            }
            List<T> items = new ArrayList<>();
            for (int index = 0; index < array.size(); index++) {
                JsonNode item = array.get(index);
                String where = field + " item #" + (index + 1);
                if (!shape.equals("strings") && !item.isObject()) {
                    throw problem(field + " must be a list of " + shape + " but " + where + " is " + kind(item));
                }
                items.add(reader.apply(item, where));
            }
            return items;
        }

        private String required(String field) {
            return requiredIn(node, field, null);
        }

        private Optional<String> optional(String field) {
            return optionalIn(node, field, null);
        }

        private String requiredIn(JsonNode object, String field, String where) {
            return optionalIn(object, field, where).filter(text -> !text.isEmpty())
                    .orElseThrow(() -> problem(where == null ? "missing " + field : where + " has no " + field));
        }

        private Optional<String> optionalIn(JsonNode object, String field, String where) {
            JsonNode value = object.get(field);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isTextual()) {
                throw problem(qualified(where, field) + " must be a string but is " + kind(value));
            }
            return Optional.of(xmlSafe(qualified(where, field), value.asText()));
        }

        private Optional<Boolean> optionalBoolean(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            if (!value.isBoolean()) {
                throw problem(field + " must be true or false but is " + kind(value));
            }
            return Optional.of(value.asBoolean());
        }

        /** Accepts what the AWS CLI prints ("2026-01-01T10:00:00.123000+00:00") and plain UTC times. */
        private Instant time(String field, String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException withOffset) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException withoutOffset) {
                    throw problem(field + " \"" + text + "\" is not an ISO-8601 timestamp"
                            + " (like 2026-01-01T10:00:00.000Z)");
                }
            }
        }

        /** XML 1.0 cannot carry every character that JSON can; such a value could never reach a client. */
        private String xmlSafe(String field, String text) {
            text.codePoints().filter(codePoint -> !QueryXml.allowed(codePoint)).findFirst().ifPresent(codePoint -> {
                throw problem(field + " holds the character U+" + String.format("%04X", codePoint)
                        + ", which an XML answer cannot carry");
            });
            return text;
        }

        private static String qualified(String where, String field) {
            return where == null ? field : where + " " + field;
        }

        private static String kind(JsonNode value) {
            return switch (value.getNodeType()) {
                case ARRAY -> "a list";
                case OBJECT -> "an object";
                case STRING -> "a string";
                case NUMBER -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "null";
                default -> value.getNodeType().toString().toLowerCase();
            };
        }

        private InvalidSnapshotException problem(String message) {
            return new InvalidSnapshotException(label(sourceName, number, stackName) + message);
        }
    }
}
