package dev.warden.cli;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Host names in {@code ignore}: resolved through the system (here /etc/hosts' localhost) when the file is loaded. */
class IgnoreByNameIT extends WithDaemonFixture {

    private static final String CONFIG = """
            ignore-self: false
            jails:
              smtpd:
                logs: [maillog]
                filter: {type: regex, tag: smtpd, fail: ['auth failed from <ADDR>']}
                ignore: [IGNORED]
                max-retry: 2
                find-time: 1h
                ban-time: 1h
                actions: [{type: pf, table: bot, pfctl: PFCTL}]
            """;

    @Test
    void anAddressOfAnIgnoredNameIsNeverBanned() throws Exception {
        f.config(CONFIG.replace("IGNORED", "localhost"));
        Instant t = Instant.parse("2026-11-07T10:00:00Z");
        f.append("maillog", t, "smtpd[1]: auth failed from 127.0.0.1", "smtpd[1]: auth failed from 127.0.0.1",
                "smtpd[1]: auth failed from 198.51.100.7", "smtpd[1]: auth failed from 198.51.100.7");
        WardenProcess.Result r = f.warden("scan", "--no-state", "--now", "2026-11-07T10:30:00Z");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdoutLines()).singleElement().asString().startsWith("smtpd\t198.51.100.7\t2\t");
        assertThat(f.pfctlCalls()).containsExactly("-t bot -T add 198.51.100.7");
    }

    @Test
    void aNameThatDoesNotResolveIsAWarningNotAnError() throws Exception {
        f.config(CONFIG.replace("IGNORED", "no-such-host.invalid"));
        WardenProcess.Result r = f.warden("validate");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).contains(f.config + ":" + f.configLine("no-such-host") + ": jails.smtpd.ignore[0]:"
                + " warning: host name \"no-such-host.invalid\" did not resolve");
    }
}
