package dev.warden.core.plugin;

import dev.warden.core.plugin.PluginKind.Candidate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes filter ids (or action ids) unique. The rules, for one id offered by several providers:
 * <ul>
 *   <li>a built-in keeps it: a plugin jar cannot replace a built-in, and every jar's provider of that id
 *       is reported and not used (a second built-in, a packaging mistake, is reported and ignored);</li>
 *   <li>between plugin jars (or twice in one jar) nobody gets it: which one an operator meant cannot be
 *       guessed, so every provider of that id is reported, naming each jar, and none is used.</li>
 * </ul>
 * Every other id of those jars still loads.
 */
final class UniqueIds {

    private UniqueIds() {
    }

    /**
     * @param candidates in discovery order (built-ins first)
     * @param folder the plugin folder, named as the source of a clash between jars
     * @return the providers kept, by id, in discovery order
     */
    static <F> Map<String, Candidate<F>> index(PluginKind<F> kind, List<Candidate<F>> candidates, String folder,
                                               List<PluginProblem> problems) {
        Map<String, List<Candidate<F>>> byId = new LinkedHashMap<>();
        candidates.forEach(c -> byId.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(c));
        Map<String, Candidate<F>> kept = new LinkedHashMap<>();
        for (Map.Entry<String, List<Candidate<F>>> e : byId.entrySet()) {
            List<Candidate<F>> all = e.getValue();
            List<Candidate<F>> builtIns = all.stream().filter(c -> c.source().isBuiltIn()).toList();
            List<Candidate<F>> jars = all.stream().filter(c -> !c.source().isBuiltIn()).toList();
            String what = kind.name() + " id \"" + e.getKey() + "\"";
            if (!builtIns.isEmpty()) {
                Candidate<F> first = builtIns.get(0);
                kept.put(e.getKey(), first);
                for (Candidate<F> other : builtIns.subList(1, builtIns.size())) {
                    problems.add(PluginProblem.error("", "duplicate " + what + ": " + other.className()
                            + " ignored, " + first.className() + " kept"));
                }
                for (Candidate<F> jar : jars) {
                    problems.add(PluginProblem.error(jar.source().origin(), what + " is taken by a built-in "
                            + kind.name() + " (" + first.className() + "), which a plugin cannot replace; "
                            + jar.className() + " not used"));
                }
            } else if (jars.size() == 1) {
                kept.put(e.getKey(), jars.get(0));
            } else {
                problems.add(PluginProblem.error(folder, "duplicate " + what + " in " + names(jars)
                        + (jars.size() == 2 ? "; neither is used" : "; none is used")));
            }
        }
        return kept;
    }

    /** {@code a.jar (com.a.F) and b.jar (com.b.F)}, or with commas for more. */
    private static <F> String names(List<Candidate<F>> jars) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < jars.size(); i++) {
            if (i > 0) {
                sb.append(i == jars.size() - 1 ? " and " : ", ");
            }
            sb.append(jars.get(i).source().name()).append(" (").append(jars.get(i).className()).append(')');
        }
        return sb.toString();
    }
}
