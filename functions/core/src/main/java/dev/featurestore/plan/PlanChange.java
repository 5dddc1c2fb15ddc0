package dev.featurestore.plan;

/**
 * One thing applying the local config would change, for one group (and org, when it is per org).
 *
 * @param action   {@code add}, {@code remove} or {@code change}
 * @param what     {@code group}, {@code org}, {@code field}, {@code function} or {@code schedule}
 * @param name     the group, org, field or function
 * @param detail   what changes (e.g. "bigint -> string"); empty when the action says it all
 * @param breaks   what stops working for readers of the published version, or empty when nothing does
 */
public record PlanChange(String group, String org, String action, String what, String name, String detail, String breaks) {

    /** Whether readers of a published version are affected (a removed column or a changed type). */
    public boolean breaking() {
        return !breaks.isEmpty();
    }

    @Override
    public String toString() {
        String sign = switch (action) {
            case "add" -> "+";
            case "remove" -> "-";
            default -> "~";
        };
        return sign + " " + what + " " + name + (detail.isEmpty() ? "" : " (" + detail + ")")
                + (breaks.isEmpty() ? "" : " BREAKS: " + breaks);
    }
}
