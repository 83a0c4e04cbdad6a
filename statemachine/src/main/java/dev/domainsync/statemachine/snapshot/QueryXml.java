package dev.domainsync.statemachine.snapshot;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes CloudFormation's awsQuery answers, with the element names of the CloudFormation API model
 * ({@code Stacks/member}, {@code Parameters/member/ParameterKey}, ...), for the SDK and the AWS CLI to parse.
 */
final class QueryXml {

    static final String NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final StringBuilder xml = new StringBuilder(1024);

    private QueryXml() {
    }

    static String listStacks(List<SnapshotStack> page, Optional<String> nextToken, String requestId) {
        QueryXml writer = new QueryXml();
        writer.xml.append("<ListStacksResponse xmlns=\"").append(NAMESPACE).append("\">");
        writer.open("ListStacksResult").open("StackSummaries");
        for (SnapshotStack stack : page) {
            writer.open("member").summary(stack).close("member");
        }
        writer.close("StackSummaries").text("NextToken", nextToken).close("ListStacksResult");
        return writer.metadata(requestId).close("ListStacksResponse").toString();
    }

    static String describeStacks(List<SnapshotStack> page, Optional<String> nextToken, String requestId) {
        QueryXml writer = new QueryXml();
        writer.xml.append("<DescribeStacksResponse xmlns=\"").append(NAMESPACE).append("\">");
        writer.open("DescribeStacksResult").open("Stacks");
        for (SnapshotStack stack : page) {
            writer.open("member").stack(stack).close("member");
        }
        writer.close("Stacks").text("NextToken", nextToken).close("DescribeStacksResult");
        return writer.metadata(requestId).close("DescribeStacksResponse").toString();
    }

    static String describeStackResource(SnapshotStack stack, SnapshotStack.Resource resource, String requestId) {
        QueryXml writer = new QueryXml();
        writer.xml.append("<DescribeStackResourceResponse xmlns=\"").append(NAMESPACE).append("\">");
        writer.open("DescribeStackResourceResult").open("StackResourceDetail")
                .text("StackId", stack.stackId())
                .text("StackName", stack.stackName())
                .text("LogicalResourceId", resource.logicalResourceId())
                .text("PhysicalResourceId", resource.physicalResourceId())
                .text("ResourceType", resource.resourceType())
                .text("LastUpdatedTimestamp", timestamp(stack.lastUpdatedTime().orElse(stack.creationTime())))
                .text("ResourceStatus", resource.resourceStatus())
                .close("StackResourceDetail").close("DescribeStackResourceResult");
        return writer.metadata(requestId).close("DescribeStackResourceResponse").toString();
    }

    /**
     * An error as CloudFormation sends it.
     *
     * @param type {@code Sender} for the caller's fault, {@code Receiver} for the service's
     */
    static String error(String type, String code, String message, String requestId) {
        QueryXml writer = new QueryXml();
        writer.xml.append("<ErrorResponse xmlns=\"").append(NAMESPACE).append("\">");
        writer.open("Error").text("Type", type).text("Code", code).text("Message", message).close("Error");
        return writer.text("RequestId", requestId).close("ErrorResponse").toString();
    }

    /** Whether XML 1.0 can carry this character at all, escaped or not. */
    static boolean allowed(int codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || codePoint >= 0x20 && codePoint <= 0xD7FF
                || codePoint >= 0xE000 && codePoint <= 0xFFFD
                || codePoint >= 0x10000 && codePoint <= 0x10FFFF;
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    private QueryXml summary(SnapshotStack stack) {
        text("StackId", stack.stackId());
        text("StackName", stack.stackName());
        text("TemplateDescription", stack.description());
        time("CreationTime", Optional.of(stack.creationTime()));
        time("LastUpdatedTime", stack.lastUpdatedTime());
        time("DeletionTime", stack.deletionTime());
        text("StackStatus", stack.stackStatus());
        text("StackStatusReason", stack.stackStatusReason());
        text("ParentId", stack.parentId());
        text("RootId", stack.rootId());
        return drift(stack);
    }

    private QueryXml stack(SnapshotStack stack) {
        text("StackId", stack.stackId());
        text("StackName", stack.stackName());
        text("Description", stack.description());
        if (!stack.parameters().isEmpty()) {
            open("Parameters");
            for (SnapshotStack.Parameter parameter : stack.parameters()) {
                open("member").text("ParameterKey", parameter.key()).text("ParameterValue", parameter.value())
                        .text("ResolvedValue", parameter.resolvedValue()).close("member");
            }
            close("Parameters");
        }
        time("CreationTime", Optional.of(stack.creationTime()));
        time("DeletionTime", stack.deletionTime());
        time("LastUpdatedTime", stack.lastUpdatedTime());
        text("StackStatus", stack.stackStatus());
        text("StackStatusReason", stack.stackStatusReason());
        text("DisableRollback", stack.disableRollback().map(String::valueOf));
        if (!stack.capabilities().isEmpty()) {
            open("Capabilities");
            stack.capabilities().forEach(capability -> text("member", capability));
            close("Capabilities");
        }
        if (!stack.outputs().isEmpty()) {
            open("Outputs");
            for (SnapshotStack.Output output : stack.outputs()) {
                open("member").text("OutputKey", output.key()).text("OutputValue", output.value())
                        .text("Description", output.description()).text("ExportName", output.exportName())
                        .close("member");
            }
            close("Outputs");
        }
        text("RoleARN", stack.roleArn());
        if (!stack.tags().isEmpty()) {
            open("Tags");
            stack.tags().forEach(tag -> open("member").text("Key", tag.key()).text("Value", tag.value()).close("member"));
            close("Tags");
        }
        text("EnableTerminationProtection", stack.enableTerminationProtection().map(String::valueOf));
        text("ParentId", stack.parentId());
        text("RootId", stack.rootId());
        return drift(stack);
    }

    private QueryXml drift(SnapshotStack stack) {
        stack.driftInformation().ifPresent(drift -> open("DriftInformation")
                .text("StackDriftStatus", drift.stackDriftStatus())
                .time("LastCheckTimestamp", drift.lastCheckTimestamp())
                .close("DriftInformation"));
        return this;
    }

    private QueryXml metadata(String requestId) {
        return open("ResponseMetadata").text("RequestId", requestId).close("ResponseMetadata");
    }

    private QueryXml open(String element) {
        xml.append('<').append(element).append('>');
        return this;
    }

    private QueryXml close(String element) {
        xml.append("</").append(element).append('>');
        return this;
    }

    private QueryXml time(String element, Optional<Instant> value) {
        return text(element, value.map(QueryXml::timestamp));
    }

    private QueryXml text(String element, Optional<String> value) {
        value.ifPresent(text -> text(element, text));
        return this;
    }

    private QueryXml text(String element, String value) {
        open(element);
        escape(value);
        return close(element);
    }

    /** A carriage return is written as a reference, since XML parsers turn a literal one into a newline. */
    private void escape(String value) {
        for (int index = 0; index < value.length(); index++) {
            char character = value.charAt(index);
            switch (character) {
                case '&' -> xml.append("&amp;");
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '"' -> xml.append("&quot;");
                case '\'' -> xml.append("&apos;");
                case '\r' -> xml.append("&#13;");
                default -> xml.append(character);
            }
        }
    }

    @Override
    public String toString() {
        return xml.toString();
    }
}
