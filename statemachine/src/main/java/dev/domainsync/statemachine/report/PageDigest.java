package dev.domainsync.statemachine.report;

import java.util.List;
import java.util.Optional;

/**
 * What a workflow's own records add to the generic history page, as HTML fragments already escaped: the page
 * places them and knows nothing of what they mean. domain-sync's is {@link RunDigestSections}.
 */
interface PageDigest {

    /** The execution's ARN, when the workflow's records tell it (a history alone does not). */
    Optional<String> executionArn();

    /** Tags after the title's status badge. */
    String titleTags();

    /** Alerts under the header, after the failure alert. */
    String alerts();

    /** A sentence after "Raised in ... and caught." */
    String caughtNote();

    /** Rows after the generic ones (status, times, events) in the execution details. */
    List<DetailRow> detailRows();

    /** A hint under the execution details' rows. */
    String detailNote();

    /** Sections before the execution details. */
    String beforeDetails();

    /** The panel beside the execution details. */
    String summary();

    /** Sections between the timeline and the events. */
    String afterTimeline();
}
