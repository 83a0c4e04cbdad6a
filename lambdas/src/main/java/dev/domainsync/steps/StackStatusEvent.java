package dev.domainsync.steps;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.domainsync.json.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * ReadStack's input, the execution's input: the EventBridge event "CloudFormation Stack Status Change" as AWS
 * documents it. Only the stack id is used; the status and time are hints for the audit, since events can come
 * late, twice or out of order.
 */
public record StackStatusEvent(
        String id,
        @JsonProperty("detail-type") String detailType,
        String source,
        String account,
        Instant time,
        String region,
        List<String> resources,
        Detail detail) {

    public static final String SOURCE = "aws.cloudformation";
    public static final String DETAIL_TYPE = "CloudFormation Stack Status Change";

    /** A stack's ARN: DescribeStacks by name could answer for a newer stack of the same name. */
    private static final Pattern STACK_ARN =
            Pattern.compile("arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:[0-9]{12}:stack/[A-Za-z][A-Za-z0-9-]*/.+");

    /** The event's detail: the stack and its new status. */
    public record Detail(
            @JsonProperty("stack-id") String stackId,
            @JsonProperty("status-details") StatusDetails statusDetails,
            @JsonProperty("client-request-token") String clientRequestToken) {
    }

    /** The stack's status as the event reports it, and CloudFormation's reason. */
    public record StatusDetails(String status, @JsonProperty("status-reason") String statusReason) {
    }

    public StackStatusEvent {
        if (!SOURCE.equals(source)) {
            throw new InvalidInputException("field 'source' must be " + SOURCE + ", got " + quoted(source));
        }
        if (!DETAIL_TYPE.equals(detailType)) {
            throw new InvalidInputException("field 'detail-type' must be " + DETAIL_TYPE + ", got "
                    + quoted(detailType));
        }
        InvalidInputException.require(detail, "detail");
        InvalidInputException.require(detail.stackId(), "detail.stack-id");
        if (!STACK_ARN.matcher(detail.stackId()).matches()) {
            throw new InvalidInputException("field 'detail.stack-id' must be a CloudFormation stack ARN"
                    + " (arn:aws:cloudformation:REGION:ACCOUNT:stack/NAME/ID), got " + quoted(detail.stackId()));
        }
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    public String stackId() {
        return detail.stackId();
    }

    /** The status the event reports, or null when it has none. */
    public String status() {
        return detail.statusDetails() == null ? null : detail.statusDetails().status();
    }

    private static String quoted(String value) {
        if (value == null) {
            return "nothing";
        }
        String shown = value.length() > 200 ? value.substring(0, 200) + "..." : value;
        return "'" + shown + "'";
    }
}
