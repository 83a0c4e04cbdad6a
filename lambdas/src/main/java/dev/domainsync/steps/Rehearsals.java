package dev.domainsync.steps;

import dev.domainsync.registry.DomainRegistry;
import dev.domainsync.rules.CandidateStack;
import dev.domainsync.rules.StackExtract;
import dev.domainsync.rules.StackSummary;
import dev.domainsync.run.ExecutionInput;
import dev.domainsync.run.StagedPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The made-up data of the steps' rehearsal requests before the snapshot (see
 * {@link dev.domainsync.json.JsonHandler#rehearsalRequest()}): a stack of a name no one uses, which CloudFormation
 * answers as a stack that does not exist, and a run started inside the rehearsal, whose database work is rolled
 * back.
 */
final class Rehearsals {

    static final String EXECUTION_ID = "domain-sync-priming";
    /** A stack name of our own; should a stack of that name exist, the rehearsal only reads it. */
    static final String STACK_NAME = "domain-sync-priming";
    static final String STACK_ARN = "arn:aws:cloudformation:us-east-1:000000000000:stack/" + STACK_NAME
            + "/00000000-0000-0000-0000-000000000000";
    private static final int PAGE_SIZE = 100;
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final CandidateStack CANDIDATE = new CandidateStack(STACK_ARN, STACK_NAME, CREATED, CREATED);

    private Rehearsals() {
    }

    /**
     * A page as CloudFormation gives one, {@value #PAGE_SIZE} stacks: live distribution stacks, other live stacks
     * and deleted ones in turn, every branch of FilterRecent, as often as a real page runs them.
     */
    static List<StackSummary> listing() {
        List<StackSummary> page = new ArrayList<>(PAGE_SIZE);
        for (int i = 0; i < PAGE_SIZE; i++) {
            String suffix = i == 0 ? "" : "-" + i;
            page.add(switch (i % 3) {
                case 0 -> new StackSummary(STACK_ARN + suffix, STACK_NAME + suffix, "UPDATE_COMPLETE",
                        "CloudFront distribution", CREATED, CREATED, null, null, null);
                case 1 -> new StackSummary(STACK_ARN + suffix, STACK_NAME + suffix, "CREATE_COMPLETE", "a bucket",
                        CREATED, null, null, null, null);
                default -> new StackSummary(STACK_ARN + suffix, STACK_NAME + suffix, "DELETE_COMPLETE",
                        "CloudFront distribution", CREATED, null, CREATED, null, null);
            });
        }
        return page;
    }

    /** The candidate that ExtractParams reads; its name reaches CloudFormation, which knows no such stack. */
    static CandidateStack candidate() {
        return new CandidateStack(STACK_NAME, STACK_NAME, CREATED, null);
    }

    /** What ExtractParams makes of a distribution stack: two domains for one group. */
    static StackExtract extract() {
        return StackExtract.claims(CANDIDATE, "priming", List.of("priming.example.com", "www.priming.example.com"),
                List.of());
    }

    /** A run started in the rehearsal, with one page staged when {@code staged}: what the steps before leave. */
    static long startedRun(DomainRegistry registry, boolean staged) {
        long runId = registry.startRun(EXECUTION_ID, Instant.now(), ExecutionInput.parse(null)).runId();
        if (staged) {
            registry.stagePage(page(runId));
        }
        return runId;
    }

    static StagedPage page(long runId) {
        return new StagedPage(runId, List.of(STACK_ARN), List.of(STACK_ARN + "-gone"), List.of(extract()));
    }
}
