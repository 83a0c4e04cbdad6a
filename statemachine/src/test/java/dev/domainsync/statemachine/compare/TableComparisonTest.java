package dev.domainsync.statemachine.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.domainsync.registry.DomainMapping;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison's rules where the existing table is untidy: duplicates after normalising, missing values. */
class TableComparisonTest {

    private static final DomainMapping SHOP = new DomainMapping("shop.example.com", "g-1", "arn:shop", "shop");

    @Test
    void sameDomainTwiceWithOneGroup_isOneDomainThatAgrees() {
        Comparison comparison = TableComparison.compare(
                List.of(new ExistingRow("shop.example.com", "g-1"), new ExistingRow("SHOP.example.com.", " g-1")),
                List.of(SHOP), Map.of());

        assertThat(comparison.domains()).containsExactly(new ComparedDomain("shop.example.com",
                ComparisonStatus.AGREE, "g-1", "g-1", "arn:shop", "shop", null));
        assertThat(comparison.identical()).isTrue();
    }

    @Test
    void sameDomainTwiceWithTwoGroups_differs_andSaysSo() {
        Comparison comparison = TableComparison.compare(
                List.of(new ExistingRow("shop.example.com", "g-1"), new ExistingRow("Shop.Example.com", "g-2")),
                List.of(SHOP), Map.of());

        assertThat(comparison.domains()).containsExactly(new ComparedDomain("shop.example.com",
                ComparisonStatus.DIFFERENT_GROUP, "g-1 | g-2", "g-1", "arn:shop", "shop",
                "the existing table lists it with 2 different groups"));
        assertThat(comparison.identical()).isFalse();
    }

    @Test
    void nullDomainOrGroup_isReportedNotFailed() {
        Comparison comparison = TableComparison.compare(
                List.of(new ExistingRow(null, "g-1"), new ExistingRow("shop.example.com", null)),
                List.of(SHOP), Map.of());

        assertThat(comparison.domains()).containsExactly(
                new ComparedDomain("shop.example.com", ComparisonStatus.DIFFERENT_GROUP, null, "g-1", "arn:shop",
                        "shop", null),
                new ComparedDomain("", ComparisonStatus.ONLY_EXISTING, "g-1", null, null, null,
                        "not a valid domain under the rules: empty name"));
        assertThat(comparison.counts()).containsEntry(ComparisonStatus.AGREE, 0)
                .containsEntry(ComparisonStatus.DIFFERENT_GROUP, 1)
                .containsEntry(ComparisonStatus.ONLY_EXISTING, 1)
                .containsEntry(ComparisonStatus.ONLY_STACKS, 0);
    }

    @Test
    void csvCell_quotesSeparatorsAndNeutralisesEveryFormulaPrefix() {
        assertThat(ComparisonCsv.cell("plain")).isEqualTo("plain");
        assertThat(ComparisonCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(ComparisonCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ComparisonCsv.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(ComparisonCsv.cell("+1")).isEqualTo("'+1");
        assertThat(ComparisonCsv.cell("-1")).isEqualTo("'-1");
        assertThat(ComparisonCsv.cell("@A1")).isEqualTo("'@A1");
        assertThat(ComparisonCsv.cell("\t=1")).isEqualTo("'\t=1");
        assertThat(ComparisonCsv.cell("\r=1")).isEqualTo("\"'\r=1\"");
        assertThat(ComparisonCsv.cell("")).isEmpty();
    }
}
