/**
 * Reading features, independent of the engine: which columns ({@link dev.featurestore.query.Selection}), which
 * rows (the filter language: {@link dev.featurestore.query.FilterParser} into an
 * {@link dev.featurestore.query.Expr} tree), the SQL for DuckDB and Athena rendered from that tree only
 * ({@link dev.featurestore.query.SqlRenderer}), and the HTTP contract shared by {@code serve} and the Lambda
 * ({@link dev.featurestore.query.GetFeaturesRequest}, {@link dev.featurestore.query.JsonRowsWriter},
 * {@link dev.featurestore.query.CsvRowsWriter}, {@link dev.featurestore.query.GroupsJson},
 * {@link dev.featurestore.query.ErrorBody}). Engines only supply the {@code FROM} source and run the SQL.
 * See docs/query.md.
 */
package dev.featurestore.query;
