package dev.warden.core.fleet;

/** One line for the operator about a Redis failure: the messages of the exception and its causes, no stack. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
            if (!sb.isEmpty()) {
                sb.append(": ");
            }
            sb.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return sb.toString();
    }
}
