package dev.warden.core.plugin;

import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;

import java.util.List;

/** Test filter "opensmtpd": no required options, so the short form works; a DURATION and a CHOICE. */
public class OpenSmtpdTestFilter implements FilterFactory {

    @Override
    public String id() {
        return "opensmtpd";
    }

    @Override
    public String description() {
        return "test stand-in for the OpenSMTPD filter";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.optional("session-timeout", OptionType.DURATION, "10m", "forget sessions after this"),
                OptionSpec.choice("mode", "auth", "which failures count", "auth", "all"));
    }

    @Override
    public Filter create(PluginOptions options, PluginContext context) {
        return (line, sink) -> { };
    }
}
