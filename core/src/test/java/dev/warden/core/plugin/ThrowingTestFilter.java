package dev.warden.core.plugin;

import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;

/** A provider whose constructor throws, as a broken plugin's might. */
public class ThrowingTestFilter implements FilterFactory {

    public ThrowingTestFilter() {
        throw new IllegalStateException("boom in constructor");
    }

    @Override
    public String id() {
        return "throwing";
    }

    @Override
    public String description() {
        return "never constructed";
    }

    @Override
    public Filter create(PluginOptions options, PluginContext context) {
        throw new UnsupportedOperationException();
    }
}
