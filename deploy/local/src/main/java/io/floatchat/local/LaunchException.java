package io.floatchat.local;

/** A reason the platform cannot start, said in one sentence the operator can act on. */
public class LaunchException extends RuntimeException {

    public LaunchException(String sentence) {
        super(sentence, null, false, false);
    }

    public LaunchException(String sentence, Throwable cause) {
        super(sentence, cause, false, false);
    }
}
