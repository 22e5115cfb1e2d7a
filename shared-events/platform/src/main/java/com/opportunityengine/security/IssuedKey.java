package com.opportunityengine.security;

/** A freshly made API key: {@code key} is shown to its owner once and stored only as a hash. */
record IssuedKey(String keyId, String key) {}
