package dev.warden.core.daemon;

import java.util.List;

/** A reload refused because the configuration has errors; the running one stays. */
public final class ConfigRefused extends Exception {

    private final List<String> issues;

    /** @param issues each error as {@code FILE:LINE: YAML.PATH: message} */
    public ConfigRefused(List<String> issues) {
        super("configuration has errors, the running one stays: " + String.join("; ", issues), null, false, false);
        this.issues = List.copyOf(issues);
    }

    public List<String> issues() {
        return issues;
    }
}
