package dev.warden.core.daemon;

/** A control command that cannot be carried out; the message is one line for the operator. */
public final class ControlError extends Exception {

    public ControlError(String message) {
        super(message, null, false, false);
    }
}
