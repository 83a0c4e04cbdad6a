package dev.domainsync.rules;

/** Why a candidate stack was skipped whole; whatever it claimed before stays as it was. */
public enum SkipReason {
    /** The stack has no parameter with the configured domain key. */
    MISSING_DOMAIN_PARAMETER,
    /** The domain parameter is empty, blank, or a list of empty items. */
    BLANK_DOMAIN_PARAMETER,
    /** The stack has no parameter with the configured group key. */
    MISSING_GROUP_PARAMETER,
    /** The group parameter is empty or blank. */
    BLANK_GROUP_PARAMETER,
    /** The trimmed group id is longer than 255 characters. */
    GROUP_TOO_LONG,
    /**
     * The group id holds a control character (U+0000-U+001F, U+007F-U+009F; a tab or a newline, a NUL that
     * PostgreSQL cannot store) or half of a surrogate pair: nothing the application could store, compare or show
     * as the stack's owner meant it.
     */
    GROUP_HAS_INVALID_CHARACTERS,
    /** The stack was listed as live but DescribeStacks no longer knows it; a later run sees it gone. */
    STACK_NOT_FOUND,
    /** DescribeStacks shows the stack in a status that is not live (it changed after the listing). */
    STACK_NOT_LIVE
}
