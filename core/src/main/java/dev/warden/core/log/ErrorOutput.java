package dev.warden.core.log;

import org.slf4j.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reports what a source's program writes on standard error: each line at warn under the jail's name, at
 * most {@link #MAX_LINES} lines per run of the program and {@link #MAX_CHARS} characters a line, then one
 * note that the rest is left out; the rest is read and discarded, so that the program never blocks on a
 * full pipe. Runs on a thread of its own per run of the program.
 */
final class ErrorOutput implements Runnable {

    static final int MAX_LINES = 20;
    static final int MAX_CHARS = 1000;

    private final InputStream in;
    private final Logger log;
    private final String jail;
    private final String program;

    ErrorOutput(InputStream in, Logger log, String jail, String program) {
        this.in = in;
        this.log = log;
        this.jail = jail;
        this.program = program;
    }

    @Override
    public void run() {
        int reported = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 8192)) {
            int c;
            StringBuilder line = new StringBuilder();
            while ((c = r.read()) >= 0) {
                if (c != '\n') {
                    if (line.length() < MAX_CHARS) {
                        line.append((char) c);
                    }
                    continue;
                }
                reported = report(line, reported);
                line.setLength(0);
            }
            if (line.length() > 0) {
                report(line, reported);
            }
        } catch (IOException e) {
            // the program was killed and its pipe closed: nothing more to report
        }
    }

    private int report(CharSequence line, int reported) {
        if (reported < MAX_LINES) {
            log.warn("[{}] {}: {}", jail, program, line.toString().strip());
        } else if (reported == MAX_LINES) {
            log.warn("[{}] {}: more error output left out until it is started again", jail, program);
        }
        return reported + 1;
    }
}
