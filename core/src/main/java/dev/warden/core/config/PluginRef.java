package dev.warden.core.config;

import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.PluginOptions;

import java.util.Map;
import java.util.Objects;

/**
 * A jail's reference to a filter or action: its type id, its checked options, and where it was written,
 * so that a {@link PluginConfigException} thrown later by the plugin can be shown at the right line.
 *
 * @param type the plugin id ({@code opensmtpd}, {@code pf}); never null
 * @param options the options, already checked against the plugin's declared options; never null
 * @param file the configuration file, as given to the loader; never null
 * @param line the 1-based line of the reference ({@code filter:} value, or the action's list item)
 * @param yamlPath the reference's YAML path, such as {@code jails.smtpd-auth.filter} or
 *     {@code jails.smtpd-auth.actions[0]}; never null
 * @param optionLines the line of each option the operator wrote, by option path ({@code table},
 *     {@code fail}, {@code fail[2]} for list items); never null
 */
public record PluginRef(String type, PluginOptions options, String file, int line, String yamlPath,
                        Map<String, Integer> optionLines) {

    public PluginRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(yamlPath, "yamlPath");
        optionLines = Map.copyOf(optionLines);
    }

    /**
     * The issue for an option the plugin rejected: at the line of that option ({@code fail[2]} falls back to
     * {@code fail}, an option that was not written falls back to this reference's line) and the option's
     * full YAML path ({@code jails.x.filter.fail[2]}).
     */
    public ConfigIssue issueFor(PluginConfigException e) {
        String option = e.option();
        Integer optionLine = optionLines.get(option);
        int bracket = option.indexOf('[');
        if (optionLine == null && bracket > 0) {
            optionLine = optionLines.get(option.substring(0, bracket));
        }
        String path = option.isEmpty() ? yamlPath : yamlPath + "." + option;
        return ConfigIssue.error(file, optionLine != null ? optionLine : line, path, e.getMessage());
    }

    /**
     * Whether {@code other} is the same plugin with the same settings (defaults included), so that both
     * act on one thing: two jails' {@code {type: pf, table: bot}} share the table {@code bot}.
     */
    public boolean sameSettings(PluginRef other) {
        if (!type.equals(other.type)) {
            return false;
        }
        if (options instanceof MapPluginOptions a && other.options instanceof MapPluginOptions b) {
            return a.effective().equals(b.effective());
        }
        return options.equals(other.options);
    }
}
