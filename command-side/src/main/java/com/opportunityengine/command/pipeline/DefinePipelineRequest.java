package com.opportunityengine.command.pipeline;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /api/pipelines}: an id, a name and the ordered open stages. */
record DefinePipelineRequest(
        @NotBlank @Pattern(regexp = CODE, message = "must be 1 to 64 lower-case letters, digits or '-'")
        String id,

        @NotBlank @Size(max = 200) String name,
        @NotEmpty @Size(max = 60) List<@Valid DefineStageRequest> stages) {

    static final String CODE = "[a-z0-9][a-z0-9-]{0,63}";
}
