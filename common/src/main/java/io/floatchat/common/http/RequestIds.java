package io.floatchat.common.http;

import io.floatchat.common.text.Hex;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Request ids: the client's own when it is a sane token, otherwise a fresh random one. */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    public static String acceptOrGenerate(String fromClient) {
        return fromClient != null && ACCEPTED.matcher(fromClient).matches() ? fromClient : generate();
    }

    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(32);
        return Hex.append(Hex.append(id, random.nextLong(), 16), random.nextLong(), 16).toString();
    }
}
