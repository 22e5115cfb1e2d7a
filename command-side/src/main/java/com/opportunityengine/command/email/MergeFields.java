package com.opportunityengine.command.email;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The merge fields a template may use, and rendering with JMustache (logic-less): only the names in {@link #FIELDS}
 * may appear, as {@code {{name}}} or as a section {@code {{#name}}...{{/name}}} (shown when the value is there); no
 * partials. The text and the subject are rendered without HTML escaping, the html part with it.
 */
public final class MergeFields {

    /** Every merge field, and what it holds. */
    public static final Map<String, String> FIELDS = fields();

    private static final Mustache.Compiler TEXT =
            Mustache.compiler().escapeHTML(false).nullValue("").emptyStringIsFalse(true);
    private static final Mustache.Compiler HTML =
            Mustache.compiler().escapeHTML(true).nullValue("").emptyStringIsFalse(true);

    private MergeFields() {}

    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("customer.name", "the customer's name");
        fields.put("customer.company", "the customer's company");
        fields.put("opportunity.title", "the opportunity's title");
        fields.put("opportunity.amount", "the opportunity's amount, formatted for the template's locale");
        fields.put("opportunity.stage", "the opportunity's stage code");
        fields.put("owner.displayName", "the opportunity owner's display name");
        fields.put("unsubscribeUrl", "the recipient's one-click unsubscribe link");
        return java.util.Collections.unmodifiableMap(fields);
    }

    /**
     * The problems of one template text: unknown fields, partials, syntax errors; empty when it is fine.
     */
    public static List<String> problems(String template) {
        if (template == null) {
            return List.of();
        }
        Template compiled;
        try {
            compiled = TEXT.compile(template);
        } catch (MustacheException e) {
            return List.of("is not a valid template: " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        compiled.visit(new Mustache.Visitor() {
            @Override
            public void visitText(String text) {}

            @Override
            public void visitVariable(String name) {
                check(name);
            }

            @Override
            public boolean visitInclude(String name) {
                problems.add("may not include partials ({{>" + name + "}})");
                return false;
            }

            @Override
            public boolean visitSection(String name) {
                check(name);
                return true;
            }

            @Override
            public boolean visitInvertedSection(String name) {
                check(name);
                return true;
            }

            private void check(String name) {
                if (!FIELDS.containsKey(name)) {
                    unknown.add(name);
                }
            }
        });
        if (!unknown.isEmpty()) {
            problems.add("unknown merge field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; the fields are " + String.join(", ", new TreeSet<>(FIELDS.keySet())));
        }
        return problems;
    }

    /** The values of the merge fields for one email. */
    public record Values(
            String customerName,
            String customerCompany,
            String opportunityTitle,
            BigDecimal amount,
            String currency,
            String stage,
            String ownerDisplayName,
            String unsubscribeUrl) {

        Map<String, Object> context(Locale locale) {
            Map<String, Object> customer = new LinkedHashMap<>();
            customer.put("name", customerName);
            customer.put("company", customerCompany);
            Map<String, Object> opportunity = new LinkedHashMap<>();
            opportunity.put("title", opportunityTitle);
            opportunity.put("amount", formatted(locale));
            opportunity.put("stage", stage);
            Map<String, Object> owner = new LinkedHashMap<>();
            owner.put("displayName", ownerDisplayName);
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("customer", customer);
            context.put("opportunity", opportunity);
            context.put("owner", owner);
            context.put("unsubscribeUrl", unsubscribeUrl);
            return context;
        }

        private String formatted(Locale locale) {
            if (amount == null) {
                return null;
            }
            NumberFormat format = NumberFormat.getCurrencyInstance(locale);
            format.setCurrency(java.util.Currency.getInstance(currency));
            return format.format(amount);
        }
    }

    /** The rendered parts of one email. */
    public record Rendered(String subject, String text, String html) {}

    /** Renders a saved (so valid) template with these values. */
    public static Rendered render(EmailTemplate template, Values values) {
        Locale locale = Locale.forLanguageTag(template.locale());
        Map<String, Object> context = values.context(locale);
        String subject = TEXT.compile(template.subject()).execute(context).strip();
        String text = TEXT.compile(template.text()).execute(context);
        String html =
                template.html() == null ? null : HTML.compile(template.html()).execute(context);
        return new Rendered(subject, text, html);
    }
}
