/**
 * Drift between two versions of a feature group, computed from their stored statistics alone (no data is
 * read): per-field population stability index, null-rate change, added/removed fields and type changes,
 * flagged against the group's {@link dev.featurestore.config.DriftSettings}. {@link
 * dev.featurestore.drift.DriftCalculator} computes a {@link dev.featurestore.drift.DriftReport} (the JSON
 * body of {@code GET /groups/{group}/drift}); {@link dev.featurestore.drift.DriftTable} and {@link
 * dev.featurestore.drift.DriftHtml} render it for a terminal and as a self-contained HTML page.
 */
package dev.featurestore.drift;
