package com.opportunityengine.command.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The merge fields: only the whitelist, no partials, amounts per locale, HTML escaped only in the html part. */
class MergeFieldsTest {

    private static final MergeFields.Values VALUES = new MergeFields.Values(
            "Li <Wei>", null, "ERP", new BigDecimal("1250000.5"), "CNY", "negotiation", "Ann", "http://u");

    private static EmailTemplate template(String locale, String text, String html) {
        return new EmailTemplate("t", 1, "T", locale, "{{opportunity.title}}", text, html, Instant.EPOCH, "admin");
    }

    @Test
    void aTemplateMayUseOnlyTheWhitelistedFields() {
        assertThat(MergeFields.problems(
                        "{{customer.name}} {{#customer.company}}of {{customer.company}}{{/customer.company}}"))
                .isEmpty();
        assertThat(MergeFields.problems("{{customer.email}} {{^owner.phone}}x{{/owner.phone}}"))
                .singleElement()
                .asString()
                .contains("customer.email, owner.phone");
        assertThat(MergeFields.problems("{{> footer}}"))
                .singleElement()
                .asString()
                .contains("partials");
        assertThat(MergeFields.problems("{{#customer.name}}unclosed"))
                .singleElement()
                .asString()
                .contains("not a valid template");
    }

    @Test
    void amountsAreFormattedForTheLocaleAndAbsentValuesAreEmpty() {
        MergeFields.Rendered zh = MergeFields.render(
                template(
                        "zh-CN",
                        "{{opportunity.amount}}|{{customer.company}}|{{#customer.company}}x{{/customer.company}}",
                        null),
                VALUES);
        assertThat(zh.text()).isEqualTo("¥1,250,000.50||");
        MergeFields.Rendered de = MergeFields.render(template("de-DE", "{{opportunity.amount}}", null), VALUES);
        assertThat(de.text()).isEqualTo("1.250.000,50\u00a0CN¥");
    }

    @Test
    void onlyTheHtmlPartIsEscaped() {
        MergeFields.Rendered rendered =
                MergeFields.render(template("en", "Dear {{customer.name}}", "<p>Dear {{customer.name}}</p>"), VALUES);
        assertThat(rendered.text()).isEqualTo("Dear Li <Wei>");
        assertThat(rendered.html()).isEqualTo("<p>Dear Li &lt;Wei&gt;</p>");
        assertThat(rendered.subject()).isEqualTo("ERP");
    }
}
