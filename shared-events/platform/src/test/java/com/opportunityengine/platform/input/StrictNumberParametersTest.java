package com.opportunityengine.platform.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.TypeMismatchException;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.web.bind.WebDataBinder;

/** Through a binder as Spring MVC builds one (a conversion service, then the registrar's editors). */
class StrictNumberParametersTest {

    private static WebDataBinder binder() {
        WebDataBinder binder = new WebDataBinder(null);
        binder.setConversionService(new DefaultFormattingConversionService());
        new StrictNumberParameters().registerCustomEditors(binder);
        return binder;
    }

    @Test
    void plainDecimalIntegersConvert() {
        WebDataBinder binder = binder();
        assertThat(binder.convertIfNecessary("0", Long.class)).isZero();
        assertThat(binder.convertIfNecessary("-7", long.class)).isEqualTo(-7L);
        assertThat(binder.convertIfNecessary("007", Integer.class)).isEqualTo(7);
        assertThat(binder.convertIfNecessary("9223372036854775807", Long.class)).isEqualTo(Long.MAX_VALUE);
        assertThat(binder.convertIfNecessary("2147483647", int.class)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void otherNotationsEmptyValuesAndOverflowAreRefused() {
        WebDataBinder binder = binder();
        for (String text : new String[] {
            "0x1", "#1", "+1", "1.0", " 1", "1 ", "", "1e3", "9223372036854775808", "99999999999999999999"
        }) {
            assertThatThrownBy(() -> binder.convertIfNecessary(text, Long.class))
                    .as("'%s'", text)
                    .isInstanceOf(TypeMismatchException.class);
        }
        assertThatThrownBy(() -> binder.convertIfNecessary("2147483648", Integer.class))
                .isInstanceOf(TypeMismatchException.class);
        assertThatThrownBy(() -> binder.convertIfNecessary("", Integer.class))
                .isInstanceOf(TypeMismatchException.class);
        assertThatThrownBy(() -> binder.convertIfNecessary("0x10", int.class))
                .isInstanceOf(TypeMismatchException.class);
    }

    @Test
    void springsOwnBindingWouldTakeThemWithoutTheAdvice() {
        WebDataBinder plain = new WebDataBinder(null);
        plain.setConversionService(new DefaultFormattingConversionService());
        // what the issue saw: hexadecimal read as a number, an empty value as none
        assertThat(plain.convertIfNecessary("0x1", Long.class)).isEqualTo(1L);
        assertThat(plain.convertIfNecessary("", Integer.class)).isNull();
    }
}
