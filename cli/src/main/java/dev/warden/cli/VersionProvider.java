package dev.warden.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the jar's implementation version and the Java runtime. */
public final class VersionProvider implements IVersionProvider {

    /** Warden's version: the jar manifest's {@code Implementation-Version}, or "dev" when run from classes. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"warden " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
