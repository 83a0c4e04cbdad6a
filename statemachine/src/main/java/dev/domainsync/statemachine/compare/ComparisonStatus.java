package dev.domainsync.statemachine.compare;

/** Where a domain stands when the existing table is put beside the table that the stacks say. */
public enum ComparisonStatus {
    /** Both have the domain, with the same group. */
    AGREE("agree", "agree"),
    /** Both have the domain, with different groups. */
    DIFFERENT_GROUP("different-group", "differ in group"),
    /** Only the existing table has it (or has it under a name the rules reject). */
    ONLY_EXISTING("only-existing", "only in the existing table"),
    /** Only the stacks have it. */
    ONLY_STACKS("only-stacks", "only from the stacks");

    private final String code;
    private final String title;

    ComparisonStatus(String code, String title) {
        this.code = code;
        this.title = title;
    }

    /** The value of the CSV's status column. */
    public String code() {
        return code;
    }

    /** The heading a person reads. */
    public String title() {
        return title;
    }
}
