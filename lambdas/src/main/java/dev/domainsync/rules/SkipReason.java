package dev.domainsync.rules;

/**
 * Why a candidate stack was skipped whole; whatever it claimed before stays as it was. Each reason carries the one
 * text that the report and the custom resource show: {@link #description()}, or the {@link #problem()} after the
 * name of what is wrong.
 */
public enum SkipReason {
    /** The stack has no parameter with the configured domain key. */
    MISSING_DOMAIN_PARAMETER(Subject.DOMAIN_PARAMETER, "is missing"),
    /** The domain parameter is empty, blank, or a list of empty items. */
    BLANK_DOMAIN_PARAMETER(Subject.DOMAIN_PARAMETER, "is blank"),
    /** The stack has no parameter with the configured group key. */
    MISSING_GROUP_PARAMETER(Subject.GROUP_PARAMETER, "is missing"),
    /** The group parameter is empty or blank. */
    BLANK_GROUP_PARAMETER(Subject.GROUP_PARAMETER, "is blank"),
    /** The trimmed group id is longer than 255 characters. */
    GROUP_TOO_LONG(Subject.GROUP_PARAMETER, "is longer than 255 characters"),
    /**
     * The group id holds a control character (U+0000-U+001F, U+007F-U+009F; a tab or a newline, a NUL that
     * PostgreSQL cannot store) or half of a surrogate pair: nothing the application could store, compare or show
     * as the stack's owner meant it.
     */
    GROUP_HAS_INVALID_CHARACTERS(Subject.GROUP_PARAMETER, "holds a control character or an unpaired surrogate"),
    /** The stack was listed as live but DescribeStacks no longer knows it; a later run sees it gone. */
    STACK_NOT_FOUND(Subject.STACK, "was listed, but DescribeStacks no longer knows it"),
    /** DescribeStacks shows the stack in a status that is not live (it changed after the listing). */
    STACK_NOT_LIVE(Subject.STACK, "is no longer live (its status changed after the listing)");

    /** What the reason is about: one of the stack's two parameters, or the stack itself. */
    public enum Subject {
        DOMAIN_PARAMETER("the domain parameter"),
        GROUP_PARAMETER("the group parameter"),
        STACK("the stack");

        private final String noun;

        Subject(String noun) {
            this.noun = noun;
        }
    }

    private final Subject subject;
    private final String problem;

    SkipReason(Subject subject, String problem) {
        this.subject = subject;
        this.problem = problem;
    }

    public Subject subject() {
        return subject;
    }

    /** What is wrong with the {@link #subject()}, as a predicate: "is blank". */
    public String problem() {
        return problem;
    }

    /** The sentence a reader sees: "the group parameter is blank". */
    public String description() {
        return subject.noun + " " + problem;
    }
}
