package dev.warden.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class WardenLogProviderTest {

    @Test
    void givesALogbackContextWithTheStderrAppenderAndNoAutoConfiguration() {
        WardenLogProvider provider = new WardenLogProvider();
        provider.initialize();
        LoggerContext context = (LoggerContext) provider.getLoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.toLevel(System.getenv().getOrDefault("WARDEN_LOG_LEVEL",
                "INFO"), Level.INFO));
        assertThat(root.getAppender("stderr")).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender<?>) root.getAppender("stderr")).getTarget()).isEqualTo("System.err");
        assertThat(context.isStarted()).isTrue();
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .as("logback's auto-configuration, which reports what it tried, did not run")
                .noneMatch(s -> s.getMessage().contains("configure()"));
        assertThat(context.getMDCAdapter()).as("the context logs with the provider's MDC")
                .isSameAs(provider.getMDCAdapter());
        provider.getMDCAdapter().put("jail", "sshd");
        assertThat(provider.getMDCAdapter().get("jail")).isEqualTo("sshd");
        provider.getMDCAdapter().clear();
        assertThat(provider.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
        assertThat(provider.getRequestedApiVersion()).startsWith("2.0");
    }
}
