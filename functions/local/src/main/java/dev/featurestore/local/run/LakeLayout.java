package dev.featurestore.local.run;

/** Keys of the lake layout (DESIGN §4). Interim until core's version package lands. */
public final class LakeLayout {
    private LakeLayout() {
    }

    public static String groupPrefix(String group) {
        return "features/" + group + "/";
    }

    public static String orgPrefix(String group, String org) {
        return groupPrefix(group) + "org=" + org + "/";
    }

    public static String versionPrefix(String group, String org, String version) {
        return orgPrefix(group, org) + "version=" + version + "/";
    }

    public static String currentKey(String group, String org) {
        return orgPrefix(group, org) + "_current";
    }
}
