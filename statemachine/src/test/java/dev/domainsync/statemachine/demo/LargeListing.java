package dev.domainsync.statemachine.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.domainsync.statemachine.demo.SampleAccount.Customer;
import dev.domainsync.statemachine.demo.SampleStack.KeyValue;
import dev.domainsync.statemachine.demo.SampleStack.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds a listing of any size for scale tests and the benchmarks: distribution stacks with one to three domains,
 * about one in fifty claiming an earlier stack's domain, a few deleted, one in twenty no distribution at all. Test
 * code: the CLI jar does not ship it; the bench jar gets it from this module's test jar.
 */
public final class LargeListing {

    private LargeListing() {
    }

    /** {@code count} stacks as {@link SampleSnapshots} renders them, from its seed: the same arguments, the same JSON. */
    public static ObjectNode snapshot(int count, Instant now) {
        return SampleSnapshots.snapshot(build(SampleSnapshots.SEED, count, now));
    }

    static SampleAccount build(long seed, int count, Instant now) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        SampleAccount account = new SampleAccount(seed, now);
        List<String> firstDomains = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Customer customer = SampleAccount.numberedCustomer(i);
            Instant created = account.between(account.daysAgo(365), account.daysAgo(1));
            if (i % 20 == 19) {
                account.add(account.other("pipeline-" + customer.name() + "-" + customer.environment(),
                        Optional.of("CI/CD pipeline for " + customer.stackName()),
                        List.of(new KeyValue("BranchName", "main")), created));
                continue;
            }
            List<String> domains = account.freshDomains(customer, 1 + account.random().nextInt(3));
            firstDomains.add(domains.get(0));
            if (i % 50 == 7 && firstDomains.size() > 40) {
                domains.add(firstDomains.get(firstDomains.size() - 40));
            }
            SampleStack stack = account.distribution(customer, String.join(",", domains), created, Role.PLAIN);
            int fate = account.random().nextInt(100);
            if (fate < 3) {
                stack = stack.deletedAt(account.between(created.plus(Duration.ofHours(1)), now));
            } else if (fate < 45) {
                stack = stack.updatedAt(account.between(created.plus(Duration.ofHours(1)), now));
            }
            account.add(stack);
        }
        return account;
    }
}
