package com.opportunityengine.query.pipeline;

import java.math.BigDecimal;

/** The open opportunities of one owner at one stage in one currency: how many and their amount. */
record PipelineTotal(String stage, String owner, String currency, long count, BigDecimal amount) {}
