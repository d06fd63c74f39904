package io.floatchat.common.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** The request limits every service answers in the envelope ({@link RequestLimitsFilter}, {@link StreamedBodyLimitFilter}). */
@ConfigMapping(prefix = "floatchat.http")
public interface HttpLimitsConfig {

    /** The longest request line (method, URI, version): 414 beyond. */
    @WithDefault("4096")
    int maxRequestLineLength();

    /** The most bytes of request headers: 431 beyond. */
    @WithDefault("16384")
    int maxHeaderBytes();

    /** Path prefixes whose handlers stream a body without a declared length themselves (the gateway's proxy). */
    Optional<List<String>> streamedBodyPassthrough();
}
