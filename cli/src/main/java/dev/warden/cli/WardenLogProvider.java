package dev.warden.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.util.StatusPrinter;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * SLF4J's binding to logback, configured directly by {@link StderrLogConfigurator}: logback's own provider
 * runs its auto-configuration first, which looks the configurators up, times each and reports the time
 * with string concatenation that Java links through {@code StringConcatFactory}: thirteen classes spun with
 * ASM at every start, enough to make the JIT compile ASM itself while a scan runs (docs/performance.md,
 * issue 17). The release jar lists this class, not logback's, as its {@code SLF4JServiceProvider}; the
 * result is the same logback context with the same appender.
 */
public final class WardenLogProvider implements SLF4JServiceProvider {

    /** The SLF4J API this provider was built against. */
    static final String API_VERSION = "2.0.99";

    private final LoggerContext context = new LoggerContext();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

    @Override
    public void initialize() {
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        context.setMDCAdapter(mdc);
        StderrLogConfigurator configurator = new StderrLogConfigurator();
        configurator.setContext(context);
        configurator.configure(context);
        StatusPrinter.printInCaseOfErrorsOrWarnings(context);
        context.start();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return API_VERSION;
    }
}
