package dev.warden.core.api;

import java.io.IOException;

/**
 * The state directory is one Warden refuses to use: a symbolic link, not owned by the user Warden runs
 * as, open to its group or others, or holding a symbolic link where one of its files should be. Its
 * message reads {@code state directory DIR: what is wrong; refusing it (how to fix it)}. Nothing was
 * read, written or started: an installation problem, like a configuration error.
 */
public final class UntrustedStateDirectoryException extends IOException {

    private static final long serialVersionUID = 1L;

    UntrustedStateDirectoryException(IOException cause) {
        super(cause.getMessage(), cause);
    }
}
