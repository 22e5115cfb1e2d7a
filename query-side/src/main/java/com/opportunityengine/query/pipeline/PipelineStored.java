package com.opportunityengine.query.pipeline;

/** One opportunity's stored pipeline state and the last sequence applied to it. */
record PipelineStored(long sequence, PipelineState state) {}
