package com.opportunityengine.platform.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Whole numbers in request bodies: quoted ones are still read, padded ones refused (found by the fuzz test). */
class RequestJsonTest {

    record Body(Integer maxOpen, int page, Long version, long size) {}

    private final ObjectMapper mapper = RequestJson.forRequests(new ObjectMapper());

    @Test
    void wholeNumbersAreReadAsNumbersOrUnpaddedStrings() throws Exception {
        assertThat(mapper.readValue("{\"maxOpen\": 5, \"page\": \"2\", \"version\": \"7\", \"size\": 9}", Body.class))
                .isEqualTo(new Body(5, 2, 7L, 9));
        assertThat(mapper.readValue("{\"maxOpen\": null}", Body.class).maxOpen())
                .isNull();
    }

    @Test
    void aPaddedOrEmptyWholeNumberIsRefused() {
        for (String body : new String[] {
            "{\"maxOpen\": \" 5 \"}", "{\"page\": \"2 \"}", "{\"version\": \" 7\"}", "{\"size\": \"\"}"
        }) {
            assertThatThrownBy(() -> mapper.readValue(body, Body.class))
                    .as(body)
                    .isInstanceOf(RefusedInputException.class);
        }
    }

    @Test
    void aFractionWhereAWholeNumberIsExpectedIsRefusedNotTruncated() {
        for (String body :
                new String[] {"{\"maxOpen\": 60.5}", "{\"page\": 2.0}", "{\"version\": 7.9}", "{\"size\": 1e2}"}) {
            assertThatThrownBy(() -> mapper.readValue(body, Body.class))
                    .as(body)
                    .isInstanceOf(com.fasterxml.jackson.databind.exc.MismatchedInputException.class);
        }
    }
}
