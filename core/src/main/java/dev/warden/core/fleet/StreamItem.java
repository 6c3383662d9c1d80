package dev.warden.core.fleet;

import java.util.Objects;

/**
 * One entry read from the stream with its id ({@code 1733527000000-0}), which a node keeps as the last entry
 * it applied. Immutable.
 *
 * @param id the stream entry id, never null
 * @param entry the entry
 */
public record StreamItem(String id, FleetEntry entry) {

    public StreamItem {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(entry, "entry");
    }
}
