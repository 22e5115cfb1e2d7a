package com.opportunityengine.command.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import java.util.List;

/** {@code GET /api/pipelines}: every pipeline the engine knows, {@code default} first, as one page. */
record PipelineList(List<Pipeline> items, int page, int size, long total) {}
