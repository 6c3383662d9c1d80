package dev.warden.core.log;

import java.io.IOException;
import java.util.OptionalLong;

/** Decides whether a persisted {@link FilePosition} still describes the file now open at its path. */
final class ResumeCheck {

    private ResumeCheck() {
    }

    /**
     * The offset to continue at, or -1 when the file is another one: a different known identity, other
     * first bytes (a reused inode), or shorter than the offset (truncated). On success the file takes
     * over the position's fingerprint.
     */
    static long offset(FilePosition p, OpenFile f) throws IOException {
        if (p.identity().known() && f.identity.known() && !p.identity().equals(f.identity)) {
            return -1;
        }
        if (p.fingerprintLength() > 0) {
            OptionalLong h = Fingerprint.of(f.channel, p.fingerprintLength());
            if (h.isEmpty() || h.getAsLong() != p.fingerprint()) {
                return -1;
            }
        }
        if (f.size() < p.offset()) {
            return -1;
        }
        f.fingerprint = p.fingerprint();
        f.fingerprintLength = p.fingerprintLength();
        return p.offset();
    }
}
