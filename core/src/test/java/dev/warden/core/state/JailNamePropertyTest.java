package dev.warden.core.state;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link WardenState#checkJail}'s char scan accepts exactly what {@link WardenState#JAIL_NAME} matches. */
class JailNamePropertyTest {

    @Property(tries = 2000)
    void theScanAgreesWithThePattern(@ForAll("names") String name) {
        boolean matches = WardenState.JAIL_NAME.matcher(name).matches();
        if (matches) {
            WardenState.checkJail(name);
        } else {
            assertThatThrownBy(() -> WardenState.checkJail(name))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jail name not storable");
        }
    }

    @Example
    void nullAndEmptyAreNotStorable() {
        assertThatThrownBy(() -> WardenState.checkJail(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WardenState.checkJail("")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Mostly allowed chars, with the neighbours of each range and a few non-ASCII ones mixed in. */
    @Provide
    Arbitrary<String> names() {
        Arbitrary<Character> allowed = Arbitraries.chars().with('a', 'z', 'A', 'Z', '0', '9', '.', '_', '-', 'm', 'Q', '5');
        Arbitrary<Character> edges = Arbitraries.chars().with('`', '{', '@', '[', '/', ':', ' ', '*', '\u00e9', '\u0660',
                '\uff21', '\n');
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(9, allowed), net.jqwik.api.Tuple.of(1, edges))
                .list().ofMinSize(0).ofMaxSize(12)
                .map(cs -> cs.stream().map(String::valueOf).reduce("", String::concat));
    }
}
