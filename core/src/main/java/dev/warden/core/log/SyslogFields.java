package dev.warden.core.log;

/**
 * The fields of a syslog header after its timestamp: host, program tag and pid, and where the message
 * starts, in the traditional shape ({@code [host ]tag[\[pid\]]: message}) and in RFC 5424's
 * ({@code HOST APP PROCID MSGID SD MSG}). Stateless; allocation-free.
 */
final class SyslogFields {

    private SyslogFields() {
    }

    /**
     * After the timestamp: {@code [host ]tag[\[pid\]]: message}; without a tag the message starts at p. A host
     * never starts with {@code [}: {@code [error] 2865#0: *1 ...} (nginx) is a message, not a host and a tag.
     */
    static void hostAndTag(byte[] b, int p, int end, MutableLogLine out) {
        out.messageStart = p;
        int t1 = token(b, p, end);
        if (tag(b, p, t1, end, out)) {
            return;
        }
        if (t1 >= end) {
            return;
        }
        int p2 = t1 + 1;
        int t2 = token(b, p2, end);
        if (b[p] != '[' && tag(b, p2, t2, end, out)) {
            out.hostStart = p;
            out.hostEnd = t1;
        }
    }

    private static int token(byte[] b, int p, int end) {
        int i = p;
        while (i < end && b[i] != ' ') {
            i++;
        }
        return i;
    }

    /** If {@code b[p, t)} is {@code name:} or {@code name[digits]:}, records it and the message start. */
    private static boolean tag(byte[] b, int p, int t, int end, MutableLogLine out) {
        if (t - p < 2 || b[t - 1] != ':') {
            return false;
        }
        int nameEnd = p;
        while (nameEnd < t - 1 && b[nameEnd] != '[') {
            nameEnd++;
        }
        if (nameEnd == p) {
            return false;
        }
        long pid = -1;
        if (nameEnd < t - 1) {
            if (b[t - 2] != ']' || t - 2 - (nameEnd + 1) < 1 || t - 2 - (nameEnd + 1) > 18) {
                return false;
            }
            pid = 0;
            for (int i = nameEnd + 1; i < t - 2; i++) {
                if (!isDigit(b[i])) {
                    return false;
                }
                pid = pid * 10 + (b[i] - '0');
            }
        }
        out.tagStart = p;
        out.tagEnd = nameEnd;
        out.pid = pid;
        out.messageStart = t < end ? t + 1 : end;
        return true;
    }

    /** RFC 5424 after the timestamp: HOST APP PROCID MSGID SD MSG. */
    static void rfc5424Fields(byte[] b, int p, int end, MutableLogLine out) {
        int hostEnd = token(b, p, end);
        out.hostStart = p;
        out.hostEnd = hostEnd;
        int app = Math.min(hostEnd + 1, end);
        int appEnd = token(b, app, end);
        if (!(appEnd - app == 1 && b[app] == '-')) {
            out.tagStart = app;
            out.tagEnd = appEnd;
        }
        int proc = Math.min(appEnd + 1, end);
        int procEnd = token(b, proc, end);
        long pid = procEnd > proc && procEnd - proc < 19 ? 0 : -1;
        for (int i = proc; i < procEnd && pid >= 0; i++) {
            pid = isDigit(b[i]) ? pid * 10 + (b[i] - '0') : -1;
        }
        out.pid = pid;
        int msgid = Math.min(procEnd + 1, end);
        int sd = Math.min(token(b, msgid, end) + 1, end);
        int i = sd;
        if (i < end && b[i] == '-') {
            i++;
        } else {
            while (i < end && b[i] == '[') {
                i = structuredDataElementEnd(b, i + 1, end);
            }
        }
        if (i < end && b[i] == ' ') {
            i++;
        }
        if (i + 2 < end && b[i] == (byte) 0xEF && b[i + 1] == (byte) 0xBB && b[i + 2] == (byte) 0xBF) {
            i += 3;
        }
        out.messageStart = i;
    }

    /** Skips one SD-ELEMENT body: quoted values may hold ']' and backslash escapes. */
    private static int structuredDataElementEnd(byte[] b, int i, int end) {
        boolean quoted = false;
        while (i < end) {
            byte c = b[i];
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ']' && !quoted) {
                return i + 1;
            }
            i++;
        }
        return end;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
