package dev.warden.core.config;

import java.util.ArrayList;
import java.util.List;

/** Collects the issues of one configuration file. Not thread-safe; one per load. */
final class Issues {

    private final String file;
    private final List<ConfigIssue> list = new ArrayList<>();

    Issues(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void error(int line, String yamlPath, String message) {
        list.add(ConfigIssue.error(file, line, yamlPath, message));
    }

    void warning(int line, String yamlPath, String message) {
        list.add(ConfigIssue.warning(file, line, yamlPath, message));
    }

    /** Adds issues found elsewhere (in an ignore file, say) as they are. */
    void addAll(List<ConfigIssue> issues) {
        list.addAll(issues);
    }

    boolean hasErrors() {
        return list.stream().anyMatch(ConfigIssue::isError);
    }

    List<ConfigIssue> list() {
        return List.copyOf(list);
    }
}
