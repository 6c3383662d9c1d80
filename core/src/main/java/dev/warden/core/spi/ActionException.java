package dev.warden.core.spi;

/** An action could not (fully) carry out a ban or unban; core logs it and retries. */
public class ActionException extends Exception {

    public ActionException(String message) {
        super(message);
    }

    public ActionException(String message, Throwable cause) {
        super(message, cause);
    }
}
