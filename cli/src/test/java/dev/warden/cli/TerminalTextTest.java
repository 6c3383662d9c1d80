package dev.warden.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code test-filter} does to log text before printing it (see {@link TerminalText}). */
class TerminalTextTest {

    @Test
    void terminalEscapeSequencesBecomeVisibleText() {
        // set the window title, clear the screen, red text, an 8-bit CSI (C1)
        assertThat(TerminalText.escape("user \u001b]0;owned\u0007\u001b[2J\u001b[31mroot\u009b2J"))
                .isEqualTo("user \\x1b]0;owned\\x07\\x1b[2J\\x1b[31mroot\\x9b2J");
    }

    @Test
    void everyC0ControlAndDelIsEscapedAndNamedOnesByName() {
        assertThat(TerminalText.escape("a\tb\nc\rd\u0000e\u007ff\u0008")).isEqualTo("a\\tb\\nc\\rd\\x00e\\x7ff\\x08");
        for (char c = 0; c < 0x20; c++) {
            assertThat(TerminalText.escape(String.valueOf(c))).startsWith("\\").hasSizeBetween(2, 4);
        }
    }

    @Test
    void aBackslashIsEscapedSoTheOutputIsUnambiguous() {
        assertThat(TerminalText.escape("C:\\x1b is text")).isEqualTo("C:\\\\x1b is text");
    }

    @Test
    void bidirectionalOverridesAndSeparatorsAreEscaped() {
        assertThat(TerminalText.escape("invoice\u202Efdp.exe \u2066x\u2069 \u2028 \u200E\u061C"))
                .isEqualTo("invoice\\u202efdp.exe \\u2066x\\u2069 \\u2028 \\u200e\\u061c");
    }

    @Test
    void printableTextInAnyScriptIsLeftAsItIs() {
        String text = "Nov  7 10:00:00 gw sshd[1]: Invalid user zoë from 192.0.2.1 — 日本語 ÿ \uFFFD 😀 \u200D";
        assertThat(TerminalText.escape(text)).isSameAs(text);
    }
}
