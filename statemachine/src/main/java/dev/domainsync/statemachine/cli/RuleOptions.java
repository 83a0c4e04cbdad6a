package dev.domainsync.statemachine.cli;

import picocli.CommandLine.Option;

/** The sync rules' settings that a local command takes as options (the functions read them from the environment). */
final class RuleOptions {

    @Option(names = "--description-pattern", paramLabel = "RE",
            description = "Java regex found in a distribution stack's template description (default (?i)cloudfront).")
    String descriptionPattern;

    @Option(names = "--domain-parameter", paramLabel = "KEY", description = "Default CustomDomainName.")
    String domainParameter;

    @Option(names = "--group-parameter", paramLabel = "KEY", description = "Default GroupId.")
    String groupParameter;
}
