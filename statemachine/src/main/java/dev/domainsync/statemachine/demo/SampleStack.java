package dev.domainsync.statemachine.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One stack of a sample account, as the generators build and evolve it; {@link #toJson()} renders it the way
 * {@code aws cloudformation describe-stacks} prints a stack.
 */
record SampleStack(
        String stackId,
        String stackName,
        Optional<String> description,
        List<KeyValue> parameters,
        Instant creationTime,
        Optional<Instant> lastUpdatedTime,
        Optional<Instant> deletionTime,
        String status,
        Optional<String> statusReason,
        Optional<String> parentId,
        Optional<String> rootId,
        List<KeyValue> tags,
        Role role) {

    static final String DOMAIN_PARAMETER = "CustomDomainName";
    static final String GROUP_PARAMETER = "GroupId";

    // describe-stacks prints milliseconds and a Z; ISO_INSTANT would drop ".000".
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A parameter or a tag. */
    record KeyValue(String key, String value) {
    }

    /** What a generator made the stack for; it picks later changes by role and is never rendered. */
    enum Role {
        /** A distribution stack with one valid domain. */
        PLAIN,
        /** A distribution stack with a clean list of two or three valid domains. */
        LIST,
        /** A distribution stack made for an edge of the rules (messy lists, Unicode, invalid items, skips). */
        EDGE,
        /** The earliest claimant of a conflict; the second listing deletes it so that the next one takes over. */
        TAKEOVER_WINNER,
        /** Any other claimant of a conflicting domain. */
        CONFLICT,
        /** A stack caught in CREATE_IN_PROGRESS or UPDATE_IN_PROGRESS; the second listing completes it. */
        IN_PROGRESS,
        /** A stack whose status is not live and stays so. */
        NOT_LIVE,
        /** A DELETE_COMPLETE stack that ages out of the listing (CloudFormation keeps them 90 days). */
        AGING_OUT,
        /** A stack that is not a customer distribution. */
        OTHER
    }

    SampleStack {
        Objects.requireNonNull(stackId, "stackId");
        parameters = List.copyOf(parameters);
        tags = List.copyOf(tags);
    }

    Optional<String> parameter(String key) {
        return parameters.stream().filter(p -> p.key().equals(key)).map(KeyValue::value).findFirst();
    }

    SampleStack withParameter(String key, String value) {
        List<KeyValue> changed = new ArrayList<>();
        boolean replaced = false;
        for (KeyValue parameter : parameters) {
            if (parameter.key().equals(key)) {
                changed.add(new KeyValue(key, value));
                replaced = true;
            } else {
                changed.add(parameter);
            }
        }
        if (!replaced) {
            changed.add(new KeyValue(key, value));
        }
        return new SampleStack(stackId, stackName, description, changed, creationTime, lastUpdatedTime,
                deletionTime, status, statusReason, parentId, rootId, tags, role);
    }

    SampleStack withStatus(String newStatus) {
        return new SampleStack(stackId, stackName, description, parameters, creationTime, lastUpdatedTime,
                deletionTime, newStatus, Optional.empty(), parentId, rootId, tags, role);
    }

    SampleStack withStatusReason(String reason) {
        return new SampleStack(stackId, stackName, description, parameters, creationTime, lastUpdatedTime,
                deletionTime, status, Optional.of(reason), parentId, rootId, tags, role);
    }

    SampleStack updatedAt(Instant when) {
        return new SampleStack(stackId, stackName, description, parameters, creationTime, Optional.of(when),
                deletionTime, "UPDATE_COMPLETE", Optional.empty(), parentId, rootId, tags, role);
    }

    SampleStack deletedAt(Instant when) {
        return new SampleStack(stackId, stackName, description, parameters, creationTime, lastUpdatedTime,
                Optional.of(when), "DELETE_COMPLETE", Optional.empty(), parentId, rootId, tags, role);
    }

    SampleStack nestedUnder(SampleStack parent) {
        return new SampleStack(stackId, stackName, description, parameters, creationTime, lastUpdatedTime,
                deletionTime, status, statusReason, Optional.of(parent.stackId()),
                Optional.of(parent.rootId().orElse(parent.stackId())), tags, role);
    }

    /** The same stack made again under its name: a new id, a new creation time, no history. */
    SampleStack recreatedAs(String newStackId, Instant created) {
        return new SampleStack(newStackId, stackName, description, parameters, created, Optional.empty(),
                Optional.empty(), "CREATE_COMPLETE", Optional.empty(), parentId, rootId, tags, role);
    }

    ObjectNode toJson() {
        ObjectNode stack = NODES.objectNode();
        stack.put("StackId", stackId);
        stack.put("StackName", stackName);
        description.ifPresent(text -> stack.put("Description", text));
        if (!parameters.isEmpty()) {
            ArrayNode array = stack.putArray("Parameters");
            parameters.forEach(p -> array.addObject().put("ParameterKey", p.key()).put("ParameterValue", p.value()));
        }
        stack.put("CreationTime", format(creationTime));
        deletionTime.ifPresent(time -> stack.put("DeletionTime", format(time)));
        lastUpdatedTime.ifPresent(time -> stack.put("LastUpdatedTime", format(time)));
        stack.putObject("RollbackConfiguration");
        stack.put("StackStatus", status);
        statusReason.ifPresent(reason -> stack.put("StackStatusReason", reason));
        stack.put("DisableRollback", false);
        stack.putArray("NotificationARNs");
        ArrayNode tagArray = stack.putArray("Tags");
        tags.forEach(t -> tagArray.addObject().put("Key", t.key()).put("Value", t.value()));
        stack.put("EnableTerminationProtection", false);
        parentId.ifPresent(id -> stack.put("ParentId", id));
        rootId.ifPresent(id -> stack.put("RootId", id));
        stack.putObject("DriftInformation").put("StackDriftStatus", "NOT_CHECKED");
        return stack;
    }

    static String format(Instant time) {
        return TIME.format(time);
    }
}
