package dev.domainsync.statemachine.demo;

import static dev.domainsync.statemachine.demo.SampleStack.DOMAIN_PARAMETER;
import static dev.domainsync.statemachine.demo.SampleStack.GROUP_PARAMETER;

import dev.domainsync.statemachine.demo.SampleAccount.Customer;
import dev.domainsync.statemachine.demo.SampleStack.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Turns the first listing's account into the same account a couple of days later: stacks created, updated,
 * deleted, vanished, one re-created under its old name, one conflict handed over, the in-progress ones done.
 *
 * <p>Every change keeps the demo's incremental run equal to a backfill over the new listing: no stack that held
 * claims becomes skipped, stops matching, or leaves the live statuses without being gone.
 */
final class SecondListing {

    static final int CREATED = 12;
    static final int EACH_UPDATE_KIND = 3;
    static final int DELETED = 4;
    static final int VANISHED = 2;

    private final SampleAccount account;
    private final Instant firstNow;
    private final Instant now;

    private SecondListing(SampleAccount account, Instant now) {
        this.account = account;
        this.firstNow = account.now();
        this.now = now;
    }

    /** Changes the account built as of the first listing's time to how it stands at {@code now}. */
    static SampleAccount evolve(SampleAccount account, Instant now) {
        new SecondListing(account, now).apply();
        return account;
    }

    private void apply() {
        Iterator<SampleStack> plain = account.shuffled(s -> s.role() == Role.PLAIN
                && (s.status().equals("CREATE_COMPLETE") || s.status().equals("UPDATE_COMPLETE"))).iterator();
        for (int i = 0; i < EACH_UPDATE_KIND; i++) {
            SampleStack stack = plain.next();
            account.replace(stack, s -> s.withParameter(DOMAIN_PARAMETER,
                    account.freshDomain(SampleAccount.customerOf(s))).updatedAt(inWindow()));
        }
        for (int i = 0; i < EACH_UPDATE_KIND; i++) {
            SampleStack stack = plain.next();
            account.replace(stack, s -> s.withParameter(GROUP_PARAMETER,
                    account.newGroup(SampleAccount.customerOf(s))).updatedAt(inWindow()));
        }
        for (int i = 0; i < DELETED; i++) {
            account.replace(plain.next(), s -> s.deletedAt(inWindow()));
        }
        for (int i = 0; i < VANISHED; i++) {
            account.remove(plain.next());
        }
        recreate(plain.next());
        resizeLists();
        account.stacks().stream().filter(s -> s.role() == Role.TAKEOVER_WINNER)
                .forEach(winner -> account.replace(winner, s -> s.deletedAt(inWindow())));
        account.stacks().stream().filter(s -> s.role() == Role.IN_PROGRESS)
                .forEach(stack -> account.replace(stack, s -> s.withStatus(completed(s.status()))));
        account.stacks().stream().filter(s -> s.role() == Role.AGING_OUT).forEach(account::remove);
        create(plain.next());
    }

    /** Deleted and made again under the same name: a new StackId, the same domain and group. */
    private void recreate(SampleStack stack) {
        Instant deleted = account.between(firstNow.plus(Duration.ofMinutes(10)), now.minus(Duration.ofHours(12)));
        account.replace(stack, s -> s.deletedAt(deleted));
        account.add(stack.recreatedAs(account.stackId(stack.stackName()), deleted.plus(Duration.ofMinutes(7))));
    }

    private void resizeLists() {
        Iterator<SampleStack> lists = account.shuffled(s -> s.role() == Role.LIST).iterator();
        for (int i = 0; i < EACH_UPDATE_KIND; i++) {
            account.replace(lists.next(), s -> s.withParameter(DOMAIN_PARAMETER,
                    domains(s) + "," + account.freshDomain(SampleAccount.customerOf(s))).updatedAt(inWindow()));
        }
        for (int i = 0; i < EACH_UPDATE_KIND; i++) {
            account.replace(lists.next(), s -> {
                List<String> items = Arrays.asList(domains(s).split(","));
                return s.withParameter(DOMAIN_PARAMETER, String.join(",", items.subList(0, items.size() - 1)))
                        .updatedAt(inWindow());
            });
        }
    }

    /** New customers, two with lists, and one that claims a domain an older stack already holds. */
    private void create(SampleStack olderHolder) {
        for (int i = 0; i < CREATED; i++) {
            Customer customer = account.nextCustomer();
            String domains = switch (i) {
                case 9, 10 -> String.join(",", account.freshDomains(customer, 2));
                case 11 -> domains(olderHolder);
                default -> account.freshDomain(customer);
            };
            account.add(account.distribution(customer, domains, inWindow(), Role.PLAIN));
        }
    }

    private static String domains(SampleStack stack) {
        return stack.parameter(DOMAIN_PARAMETER).orElseThrow();
    }

    private static String completed(String inProgress) {
        return inProgress.replace("_IN_PROGRESS", "_COMPLETE");
    }

    /** A time between the two listings, clear of both ends. */
    private Instant inWindow() {
        return account.between(firstNow.plus(Duration.ofMinutes(10)), now.minus(Duration.ofMinutes(10)));
    }
}
