package dev.featurestore.drift;

/** How a field's schema changed between the two versions. */
public enum FieldChange {
    UNCHANGED, ADDED, REMOVED, TYPE_CHANGED
}
