package dev.warden.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Just enough of mdoc(7) to read what a manual page documents: each line with the section ({@code .Sh}),
 * subsection ({@code .Ss}) and list depth ({@code .Bl}/{@code .El}) it is in, its macro arguments split as
 * mandoc splits them (blanks, double quotes, {@code \"} comments), and the arguments of the {@code Fl},
 * {@code Cm}, {@code Ic} and {@code Ar} macros called on it. Text is read the way a reader sees it, so that a
 * drift test compares names rather than substrings: {@code .Fl -config} and {@code .Fl \-config} are both
 * {@code --config}, {@code .Fl hV} is {@code -h} and {@code -V}, and {@code --config} in running text is not a
 * documented option.
 */
final class MdocPage {

    /** The macros that may be called from another macro's line: where one starts, the previous one's arguments end. */
    private static final Set<String> CALLABLE = Set.of("Ac", "Ad", "An", "Ao", "Ap", "Aq", "Ar", "At", "Bc", "Bo",
            "Bq", "Brc", "Bro", "Brq", "Bsx", "Bx", "Cd", "Cm", "Dc", "Do", "Dq", "Dv", "Dx", "Ec", "Em", "En", "Eo",
            "Er", "Es", "Ev", "Fa", "Fc", "Fl", "Fn", "Fo", "Fr", "Ft", "Fx", "Ic", "In", "Li", "Lk", "Ms", "Mt", "Nm",
            "No", "Ns", "Nx", "Oc", "Oo", "Op", "Ox", "Pa", "Pc", "Pf", "Po", "Pq", "Qc", "Ql", "Qo", "Qq", "Sc", "So",
            "Sq", "St", "Sx", "Sy", "Ta", "Tn", "Ux", "Va", "Vt", "Xc", "Xo", "Xr");

    /** mdoc's delimiters: punctuation, not arguments of the macro before them. */
    private static final Set<String> DELIMITERS = Set.of("(", "[", ".", ",", ":", ";", ")", "]", "?", "!", "|");

    /**
     * One input line.
     *
     * @param number its line number, from 1
     * @param section the title of the {@code .Sh} it is in ("" before the first)
     * @param subsection the title of the {@code .Ss} it is in, "" when none (since its {@code .Sh})
     * @param depth how many lists ({@code .Bl}) are open around it; a {@code .Bl} line counts the list it opens,
     *     an {@code .El} line the list it closes
     * @param macro the macro the line starts with, or "" for a text line
     * @param args the rest of a macro line, split into arguments; a text line's words
     */
    record Line(int number, String section, String subsection, int depth, String macro, List<String> args) {

        boolean isMacro(String name) {
            return macro.equals(name);
        }

        /** The options this line writes with {@code Fl}: {@code .Fl c , Fl -config} gives -c and --config. */
        List<String> flags() {
            List<String> out = new ArrayList<>();
            for (String word : argumentsOf("Fl")) {
                String text = unescape(word);
                if (text.startsWith("-")) {
                    out.add("-" + text);
                } else {
                    text.chars().forEach(c -> out.add("-" + (char) c)); // -hV: a cluster of short options
                }
            }
            return out;
        }

        /** The arguments of every call of {@code name} on this line, unescaped, delimiters left out. */
        List<String> argumentsOf(String name) {
            if (macro.isEmpty()) {
                return List.of();
            }
            List<String> words = new ArrayList<>();
            words.add(macro);
            words.addAll(args);
            List<String> out = new ArrayList<>();
            boolean inside = false;
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                if (i == 0 || CALLABLE.contains(w)) {
                    inside = w.equals(name);
                } else if (inside && !DELIMITERS.contains(w)) {
                    out.add(unescape(w));
                }
            }
            return out;
        }

        /** What a reader sees of this line, roughly: macro names left out, escapes resolved. */
        String text() {
            StringBuilder sb = new StringBuilder();
            for (String w : args) {
                if (!macro.isEmpty() && CALLABLE.contains(w)) {
                    continue;
                }
                sb.append(unescape(w)).append(' ');
            }
            return sb.toString();
        }
    }

    private final Path file;
    private final List<Line> lines;

    private MdocPage(Path file, List<Line> lines) {
        this.file = file;
        this.lines = lines;
    }

    static MdocPage read(Path file) throws IOException {
        List<Line> out = new ArrayList<>();
        String section = "";
        String subsection = "";
        int depth = 0;
        List<String> raw = Files.readAllLines(file);
        for (int i = 0; i < raw.size(); i++) {
            String line = raw.get(i);
            if (line.startsWith(".\\\"") || line.startsWith("'\\\"")) {
                continue; // a comment line
            }
            boolean isMacro = line.startsWith(".") || line.startsWith("'");
            List<String> words = isMacro ? split(line.substring(1)) : List.of(line.trim().split("\\s+"));
            String macro = isMacro && !words.isEmpty() ? words.get(0) : "";
            List<String> args = isMacro && !words.isEmpty() ? words.subList(1, words.size()) : words;
            if (macro.equals("Sh")) {
                section = String.join(" ", args);
                subsection = "";
            } else if (macro.equals("Ss")) {
                subsection = String.join(" ", args);
            } else if (macro.equals("Bl")) {
                depth++;
            }
            out.add(new Line(i + 1, section, subsection, depth, macro, List.copyOf(args)));
            if (macro.equals("El")) {
                depth--;
            }
        }
        return new MdocPage(file, out);
    }

    Path file() {
        return file;
    }

    List<Line> lines() {
        return lines;
    }

    /** The lines that pass {@code filter}. */
    List<Line> lines(Predicate<Line> filter) {
        return lines.stream().filter(filter).toList();
    }

    /** The subsection titles of {@code section}, in order. */
    Set<String> subsections(String section) {
        Set<String> out = new LinkedHashSet<>();
        lines.stream().filter(l -> l.section().equals(section) && l.isMacro("Ss"))
                .forEach(l -> out.add(l.subsection()));
        return out;
    }

    /**
     * The lines of the item that {@code item} (an {@code .It} line) starts: up to the next {@code .It} of the same
     * list or the {@code .El} that closes it, nested lists included.
     */
    List<Line> body(Line item) {
        int start = lines.indexOf(item);
        List<Line> out = new ArrayList<>();
        for (int i = start + 1; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.depth() == item.depth() && l.isMacro("It") || l.depth() == item.depth() && l.isMacro("El")
                    || l.depth() < item.depth()) {
                break;
            }
            out.add(l);
        }
        return out;
    }

    /** What a reader sees of {@code lines}, on one line: blanks collapsed, none before punctuation. */
    static String text(List<Line> lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.text()).append(' '));
        return sb.toString().replaceAll("\\s+", " ").replaceAll(" ([.,;:)])", "$1").replace("( ", "(").trim();
    }

    /**
     * Splits a macro line into arguments as mdoc does: at blanks, a double-quoted argument kept whole (with
     * {@code ""} inside it for a quote), a {@code \"} starting a comment.
     */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n || line.startsWith("\\\"", i)) {
                break;
            }
            StringBuilder w = new StringBuilder();
            if (line.charAt(i) == '"') {
                i++;
                while (i < n) {
                    if (line.charAt(i) == '"' && i + 1 < n && line.charAt(i + 1) == '"') {
                        w.append('"');
                        i += 2;
                    } else if (line.charAt(i) == '"') {
                        i++;
                        break;
                    } else {
                        w.append(line.charAt(i++));
                    }
                }
            } else {
                while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t' && !line.startsWith("\\\"", i)) {
                    if (line.charAt(i) == '\\' && i + 1 < n) {
                        w.append(line, i, i + 2); // an escape, even of a blank, stays in the word
                        i += 2;
                    } else {
                        w.append(line.charAt(i++));
                    }
                }
            }
            out.add(w.toString());
        }
        return out;
    }

    private static final Pattern NAMED_CHARACTER = Pattern.compile("\\\\\\((..)");

    /** The text an argument stands for: {@code \-} a minus, {@code \e} a backslash, {@code \&} nothing, .... */
    static String unescape(String word) {
        String s = NAMED_CHARACTER.matcher(word).replaceAll(m -> switch (m.group(1)) {
            case "dq" -> "\"";
            case "aq" -> "'";
            case "em", "en" -> "-";
            default -> m.group();
        });
        return s.replace("\\-", "-").replace("\\&", "").replace("\\e", "\\").replace("\\ ", " ");
    }
}
