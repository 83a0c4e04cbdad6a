package dev.domainsync.run;

/** One row of the change log: a domain's mapping inserted, updated or deleted by a run. */
public record MappingChange(
        String domainName,
        Action action,
        String oldGroupId,
        String newGroupId,
        String oldStackId,
        String newStackId,
        String oldStackName,
        String newStackName) {

    /** What happened to the {@code domain_mappings} row. */
    public enum Action {
        INSERT,
        UPDATE,
        DELETE
    }
}
