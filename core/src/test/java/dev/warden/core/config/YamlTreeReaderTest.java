package dev.warden.core.config;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class YamlTreeReaderTest {

    private final Issues issues = new Issues("w.yaml");

    private YamlNode read(String yaml) {
        Optional<YamlNode> root = new YamlTreeReader(issues).read(yaml);
        assertThat(root).isPresent();
        return root.get();
    }

    @Test
    void recordsTheLineOfEveryKeyAndValue() {
        YamlNode.Mapping root = (YamlNode.Mapping) read("""
                # comment
                a: 1
                b:
                  - x
                  - [y, z]
                c:
                  d: true
                  e: 1.5
                  f:
                  g: "quoted"
                """);
        assertThat(root.line()).isEqualTo(2);
        assertThat(root.entries().get("a").keyLine()).isEqualTo(2);
        assertThat(root.get("a")).isEqualTo(new YamlNode.Scalar(1L, "1", 2));
        YamlNode.Sequence b = (YamlNode.Sequence) root.get("b");
        assertThat(b.line()).isEqualTo(4);
        assertThat(b.items().get(0)).isEqualTo(new YamlNode.Scalar("x", "x", 4));
        YamlNode.Sequence inner = (YamlNode.Sequence) b.items().get(1);
        assertThat(inner.items()).containsExactly(new YamlNode.Scalar("y", "y", 5), new YamlNode.Scalar("z", "z", 5));
        YamlNode.Mapping c = (YamlNode.Mapping) root.get("c");
        assertThat(c.entries().get("d").keyLine()).isEqualTo(7);
        assertThat(c.get("d")).isEqualTo(new YamlNode.Scalar(true, "true", 7));
        assertThat(c.get("e")).isEqualTo(new YamlNode.Scalar(1.5, "1.5", 8));
        assertThat(((YamlNode.Scalar) c.get("f")).isNull()).isTrue();
        assertThat(c.get("g")).isEqualTo(new YamlNode.Scalar("quoted", "quoted", 10));
        assertThat(issues.list()).isEmpty();
    }

    @Test
    void keepsHugeIntegersAsText() {
        YamlNode.Mapping root = (YamlNode.Mapping) read("n: 123456789012345678901234567890\n");
        assertThat(((YamlNode.Scalar) root.get("n")).value()).isEqualTo("123456789012345678901234567890");
    }

    @Test
    void reportsEveryDuplicateKeyAtItsLineAndKeepsTheFirst() {
        YamlNode.Mapping root = (YamlNode.Mapping) read("""
                a: 1
                j:
                  x: 1
                  x: 2
                a: 2
                """);
        assertThat(root.get("a")).isEqualTo(new YamlNode.Scalar(1L, "1", 1));
        assertThat(issues.list()).containsExactly(
                ConfigIssue.error("w.yaml", 4, "j.x", "duplicate key (first defined on line 3)"),
                ConfigIssue.error("w.yaml", 5, "a", "duplicate key (first defined on line 1)"));
    }

    @Test
    void syntaxErrorIsAnIssueWithItsLine() {
        Optional<YamlNode> root = new YamlTreeReader(issues).read("a: 1\nb: [x, y\nc: 2\n");
        assertThat(root).isEmpty();
        assertThat(issues.list()).containsExactly(ConfigIssue.error("w.yaml", 3, "",
                "invalid YAML: while parsing a flow sequence (line 2): expected ',' or ']', but got :"));
    }

    @Test
    void badIndentationIsAnIssueWithItsLine() {
        Optional<YamlNode> root = new YamlTreeReader(issues).read("jails:\n  a:\n    x: 1\n   y: 2\n");
        assertThat(root).isEmpty();
        assertThat(issues.list()).containsExactly(ConfigIssue.error("w.yaml", 4, "",
                "invalid YAML: while parsing a block mapping (line 2): expected <block end>, "
                        + "but found '<block mapping start>'"));
    }

    @Test
    void commentsOnlyIsEmpty() {
        assertThat(new YamlTreeReader(issues).read("# nothing\n\n")).isEmpty();
        assertThat(issues.list()).isEmpty();
    }

    @Test
    void aliasesStandForTheAnchoredNode() {
        YamlNode.Mapping root = (YamlNode.Mapping) read("""
                base: &acts
                  - log
                  - pf
                one: *acts
                opts: &o {table: bot}
                two: *o
                name: &n smtpd
                three: *n
                bad: *missing
                """);
        assertThat(root.get("one")).isSameAs(root.get("base"));
        assertThat(((YamlNode.Sequence) root.get("one")).items()).extracting(n -> ((YamlNode.Scalar) n).text())
                .containsExactly("log", "pf");
        assertThat(root.get("two")).isSameAs(root.get("opts"));
        String why = " (only anchors on lists and maps are supported)";
        assertThat(issues.list()).containsExactly(
                ConfigIssue.error("w.yaml", 8, "three", "unknown alias *n" + why),
                ConfigIssue.error("w.yaml", 9, "bad", "unknown alias *missing" + why));
    }

    @Test
    void laterDocumentsAreIgnoredWithAWarning() {
        YamlNode.Mapping root = (YamlNode.Mapping) read("a: 1\n---\nb: 2\n");
        assertThat(root.entries()).containsOnlyKeys("a");
        assertThat(issues.list()).containsExactly(
                ConfigIssue.warning("w.yaml", 3, "", "only the first YAML document is read; the rest is ignored"));
    }
}
