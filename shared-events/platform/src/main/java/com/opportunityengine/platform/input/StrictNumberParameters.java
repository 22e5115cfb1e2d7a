package com.opportunityengine.platform.input;

import java.beans.PropertyEditorSupport;
import java.util.regex.Pattern;
import org.springframework.beans.PropertyEditorRegistrar;
import org.springframework.beans.PropertyEditorRegistry;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Whole numbers in query parameters, path variables and headers ({@code size}, {@code page}, {@code minVersion},
 * {@code after}, ...) are plain decimal integers: an optional minus sign and 1 to 19 digits, in range. Spring's own
 * number editor also reads {@code 0x1} and {@code #1} as hexadecimal and an empty value ({@code ?size=}) as no value
 * at all, and Spring falls back to that editor when a conversion service refuses a value; so the strict reading is
 * registered as an editor of every binder Spring MVC makes (a registrar added to the handler adapter's binding
 * initializer, so no controller advice besides the problem handling's), for {@code Long}, {@code long}, {@code Integer}
 * and {@code int}, and a refused value is a 400 {@code invalid-request} naming the parameter (the problem handling of a
 * type mismatch).
 */
public class StrictNumberParameters implements PropertyEditorRegistrar, BeanPostProcessor {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}");

    @Override
    public void registerCustomEditors(PropertyEditorRegistry registry) {
        registry.registerCustomEditor(Long.class, new Editor(Long.MIN_VALUE, Long.MAX_VALUE, false));
        registry.registerCustomEditor(long.class, new Editor(Long.MIN_VALUE, Long.MAX_VALUE, false));
        registry.registerCustomEditor(Integer.class, new Editor(Integer.MIN_VALUE, Integer.MAX_VALUE, true));
        registry.registerCustomEditor(int.class, new Editor(Integer.MIN_VALUE, Integer.MAX_VALUE, true));
    }

    /** Adds this registrar to the binding initializer of Spring MVC's handler adapter, keeping any it has. */
    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RequestMappingHandlerAdapter adapter
                && adapter.getWebBindingInitializer() instanceof ConfigurableWebBindingInitializer initializer) {
            PropertyEditorRegistrar[] existing = initializer.getPropertyEditorRegistrars();
            PropertyEditorRegistrar[] registrars = existing == null
                    ? new PropertyEditorRegistrar[1]
                    : java.util.Arrays.copyOf(existing, existing.length + 1);
            registrars[registrars.length - 1] = this;
            initializer.setPropertyEditorRegistrars(registrars);
        }
        return bean;
    }

    /** A decimal integer within [min, max], or an {@link IllegalArgumentException} (empty, other notations, range). */
    static long parse(String text, long min, long max) {
        if (text == null || !DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("not a decimal integer");
        }
        // 19 digits may still be out of range: NumberFormatException is an IllegalArgumentException
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw new IllegalArgumentException("out of range");
        }
        return value;
    }

    private static final class Editor extends PropertyEditorSupport {
        private final long min;
        private final long max;
        private final boolean integer;

        Editor(long min, long max, boolean integer) {
            this.min = min;
            this.max = max;
            this.integer = integer;
        }

        @Override
        public void setAsText(String text) {
            long value = parse(text, min, max);
            setValue(integer ? Integer.valueOf((int) value) : Long.valueOf(value));
        }

        @Override
        public String getAsText() {
            Object value = getValue();
            return value == null ? "" : value.toString();
        }
    }
}
