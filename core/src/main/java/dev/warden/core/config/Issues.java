package dev.warden.core.config;

import java.util.ArrayList;
import java.util.Comparator;
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

    /**
     * The issues sorted the way an operator reads them: this file's first, then other files' (ignore files)
     * in the order they were first reported; by line within a file; in the order found within a line.
     */
    List<ConfigIssue> list() {
        List<String> fileOrder = new ArrayList<>();
        fileOrder.add(file);
        list.forEach(i -> {
            if (!fileOrder.contains(i.file())) {
                fileOrder.add(i.file());
            }
        });
        List<ConfigIssue> sorted = new ArrayList<>(list);
        sorted.sort(Comparator.comparingInt((ConfigIssue i) -> fileOrder.indexOf(i.file()))
                .thenComparingInt(ConfigIssue::line));
        return List.copyOf(sorted);
    }
}
