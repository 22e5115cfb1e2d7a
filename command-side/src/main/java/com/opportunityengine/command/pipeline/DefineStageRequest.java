package com.opportunityengine.command.pipeline;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** One open stage of a pipeline being defined; {@code nameZh} is optional. */
record DefineStageRequest(
        @NotBlank
        @Pattern(regexp = DefinePipelineRequest.CODE, message = "must be 1 to 64 lower-case letters, digits or '-'")
        String code,

        @NotBlank @Size(max = 200) String name,
        @Size(max = 200) String nameZh,

        @NotNull
        @DecimalMin(value = "0", message = "must be between 0 and 1")
        @DecimalMax(value = "1", message = "must be between 0 and 1")
        BigDecimal defaultProbability) {}
