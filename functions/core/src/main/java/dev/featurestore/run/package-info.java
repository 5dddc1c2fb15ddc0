/**
 * The run routes' contract, shared by {@code serve} and the Lambda: starting a calculation run of a group for
 * an org and polling it ({@link dev.featurestore.run.StartRunRequest}, {@link dev.featurestore.run.RunState},
 * {@link dev.featurestore.run.RunsJson}). The runtimes start runs their own way (a background calculation
 * locally, a Step Functions execution on AWS).
 */
package dev.featurestore.run;
