package dev.domainsync.statemachine.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A state machine's or an execution's ARN, checked for shape before any call to AWS, with the region it
 * names (the region the client must talk to unless the operator says otherwise).
 */
record StepFunctionsArn(String value, String region) {

    // Names as Step Functions allows them: 1-80 characters, none of whitespace, brackets, wildcards,
    // " # % \ ^ | ~ ` $ & , ; : / or control characters.
    static final String NAME = "[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}\\x{80}-\\x{9F}]{1,80}";

    private static final String PREFIX = "arn:aws[-a-z]*:states:([a-z]{2}(?:-[a-z]+)+-[0-9]+):[0-9]{12}:";
    private static final Pattern STATE_MACHINE = Pattern.compile(PREFIX + "stateMachine:" + NAME);
    private static final Pattern EXECUTION = Pattern.compile(PREFIX + "execution:" + NAME + ":" + NAME);
    private static final Pattern VALID_NAME = Pattern.compile(NAME);

    /** {@code arn:PARTITION:states:REGION:ACCOUNT:stateMachine:NAME}; IllegalArgumentException otherwise. */
    static StepFunctionsArn stateMachine(String arn) {
        return parse(STATE_MACHINE, arn, "arn:aws:states:REGION:ACCOUNT:stateMachine:NAME");
    }

    /** {@code arn:PARTITION:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME}; IllegalArgumentException otherwise. */
    static StepFunctionsArn execution(String arn) {
        return parse(EXECUTION, arn, "arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME");
    }

    /** Whether Step Functions accepts {@code name} as an execution name. */
    static boolean validName(String name) {
        return VALID_NAME.matcher(name).matches();
    }

    /** The execution's page in the Step Functions console of {@code region}. */
    static String consoleUrl(String region, String executionArn) {
        return "https://" + region + ".console.aws.amazon.com/states/home?region=" + region
                + "#/v2/executions/details/" + executionArn;
    }

    private static StepFunctionsArn parse(Pattern pattern, String arn, String shape) {
        Matcher matcher = pattern.matcher(arn);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected an ARN like " + shape + ", got '" + arn + "'");
        }
        return new StepFunctionsArn(arn, matcher.group(1));
    }
}
