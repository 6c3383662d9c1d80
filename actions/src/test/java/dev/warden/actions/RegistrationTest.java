package dev.warden.actions;

import dev.warden.actions.log.LogActionFactory;
import dev.warden.actions.nftables.NftablesActionFactory;
import dev.warden.actions.pf.PfActionFactory;
import dev.warden.actions.run.CommandActionFactory;
import dev.warden.core.spi.ActionFactory;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class RegistrationTest {

    @Test
    void serviceLoaderFindsEveryBuiltInAction() {
        assertThat(ServiceLoader.load(ActionFactory.class).stream().map(ServiceLoader.Provider::type))
                .containsExactlyInAnyOrder(PfActionFactory.class, LogActionFactory.class,
                        NftablesActionFactory.class, CommandActionFactory.class);
    }

    @Test
    void idsAreTheOnesOperatorsWrite() {
        assertThat(new PfActionFactory().id()).isEqualTo("pf");
        assertThat(new LogActionFactory().id()).isEqualTo("log");
        assertThat(new LogActionFactory().options()).isEmpty();
    }
}
