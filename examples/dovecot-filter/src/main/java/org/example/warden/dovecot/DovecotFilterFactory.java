package org.example.warden.dovecot;

import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;

import java.util.List;

/**
 * The {@code dovecot} filter type: failed IMAP, POP3, submission and ManageSieve logins, read from the
 * line dovecot's login process writes when a client leaves without logging in. Warden finds this class
 * through {@code META-INF/services/dev.warden.core.spi.FilterFactory}.
 *
 * <p>Stateless, with the public no-argument constructor {@link java.util.ServiceLoader} needs: Warden
 * creates one instance and calls {@link #create} once for every jail that uses {@code filter: dovecot}.
 */
public final class DovecotFilterFactory implements FilterFactory {

    private static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.choice("mode", "normal",
                    "normal: failed logins; aggressive: also connections that never tried to log in",
                    "normal", "aggressive"));

    @Override
    public String id() {
        return "dovecot";
    }

    @Override
    public String description() {
        return "failed dovecot logins (IMAP, POP3, submission), by the rip= address dovecot writes";
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Filter create(PluginOptions options, PluginContext context) {
        return new DovecotFilter(options.string("mode").equals("aggressive"));
    }
}
