package dev.warden.core.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {

    private static final List<String> JAIL_KEYS = List.of("enabled", "logs", "filter", "max-retry", "find-time",
            "ban-time", "ban-time-increment", "actions", "ignore", "ignore-files", "ignore-self", "timezone");

    @Test
    void fail2banSpellingsAndPluralsFindOurKey() {
        assertThat(Suggestions.closest("max-retries", JAIL_KEYS)).hasValue("max-retry");
        assertThat(Suggestions.closest("maxretry", JAIL_KEYS)).hasValue("max-retry");
        assertThat(Suggestions.closest("bantime", JAIL_KEYS)).hasValue("ban-time");
        assertThat(Suggestions.closest("Find_Time", JAIL_KEYS)).hasValue("find-time");
        assertThat(Suggestions.closest("logpath", JAIL_KEYS)).hasValue("logs");
        assertThat(Suggestions.closest("ignoreip", JAIL_KEYS)).hasValue("ignore");
        assertThat(Suggestions.closest("action", JAIL_KEYS)).hasValue("actions");
    }

    @Test
    void typosWithinADistanceThatGrowsWithTheWord() {
        assertThat(Suggestions.closest("fitler", JAIL_KEYS)).as("a transposition is one edit").hasValue("filter");
        assertThat(Suggestions.closest("timezon", JAIL_KEYS)).hasValue("timezone");
        assertThat(Suggestions.closest("ignroe-self", JAIL_KEYS)).hasValue("ignore-self");
        assertThat(Suggestions.closest("bogus", JAIL_KEYS)).as("two edits from logs: too far for five letters")
                .isEmpty();
        assertThat(Suggestions.closest("port", JAIL_KEYS)).isEmpty();
    }
}
