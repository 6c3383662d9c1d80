package dev.warden.core.state;

import java.io.IOException;

/**
 * A state directory, or a file in it, that Warden refuses to use (see {@link TrustedDirectory} for the
 * rules). The message reads {@code state directory DIR: what is wrong; refusing it (how to fix it)}, for
 * an operator. Nothing was read or written in the directory.
 */
public final class UntrustedDirectoryException extends IOException {

    private static final long serialVersionUID = 1L;

    UntrustedDirectoryException(String message) {
        super(message);
    }
}
