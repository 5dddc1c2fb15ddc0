/**
 * Drift between two versions of a feature group, computed from their stored statistics alone (no data is
 * read): per-field population stability index, null-rate change, added/removed fields and type changes,
 * flagged against the group's {@link dev.featurestore.config.DriftSettings}. {@link
 * dev.featurestore.drift.DriftCalculator} computes a {@link dev.featurestore.drift.DriftReport} (the JSON
 * body of {@code GET /groups/{group}/drift}); {@link dev.featurestore.drift.DriftTable} renders it for a
 * terminal. The HTML page is rendered by the CLI only ({@code dev.featurestore.local.drift.DriftHtml} in
 * functions/local), so the Lambda jar does not carry it.
 */
package dev.featurestore.drift;
