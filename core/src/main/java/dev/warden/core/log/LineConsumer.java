package dev.warden.core.log;

import dev.warden.core.spi.LogLine;

/** Receives each parsed line of a feed; the line is a reused view valid only during the call. */
@FunctionalInterface
public interface LineConsumer {

    void accept(LogLine line);
}
