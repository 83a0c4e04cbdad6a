package dev.domainsync.statemachine.workflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.json.Json;
import java.time.Instant;

/** Small hand-written snapshots ({"Stacks": [...]}, as describe-stacks prints them) for scenario tests. */
public final class TestStacks {

    public static final String DISTRIBUTION = "Customer CloudFront distribution";

    private final ObjectNode root = Json.mapper().createObjectNode();
    private final ArrayNode stacks = root.putArray("Stacks");

    public static TestStacks snapshot() {
        return new TestStacks();
    }

    public static String id(String name, int generation) {
        return "arn:aws:cloudformation:us-east-1:123456789012:stack/" + name + "/00000000-0000-4000-8000-"
                + String.format("%012d", generation);
    }

    /** A live distribution stack, created at {@code created}, claiming {@code domains} for {@code group}. */
    public TestStacks live(String name, Instant created, String domains, String group) {
        return add(name, 1, "CREATE_COMPLETE", DISTRIBUTION, created, null, null, domains, group);
    }

    public TestStacks updated(String name, Instant created, Instant updated, String domains, String group) {
        return add(name, 1, "UPDATE_COMPLETE", DISTRIBUTION, created, updated, null, domains, group);
    }

    public TestStacks deleted(String name, int generation, Instant created, Instant deleted, String domains, String group) {
        return add(name, generation, "DELETE_COMPLETE", DISTRIBUTION, created, null, deleted, domains, group);
    }

    public TestStacks add(String name, int generation, String status, String description, Instant created, Instant updated,
            Instant deleted, String domains, String group) {
        ObjectNode stack = stacks.addObject();
        stack.put("StackId", id(name, generation));
        stack.put("StackName", name);
        stack.put("Description", description);
        ArrayNode parameters = stack.putArray("Parameters");
        if (domains != null) {
            parameters.addObject().put("ParameterKey", "CustomDomainName").put("ParameterValue", domains);
        }
        if (group != null) {
            parameters.addObject().put("ParameterKey", "GroupId").put("ParameterValue", group);
        }
        stack.put("CreationTime", created.toString());
        if (updated != null) {
            stack.put("LastUpdatedTime", updated.toString());
        }
        if (deleted != null) {
            stack.put("DeletionTime", deleted.toString());
        }
        stack.put("StackStatus", status);
        return this;
    }

    public ObjectNode json() {
        return root.deepCopy();
    }
}
