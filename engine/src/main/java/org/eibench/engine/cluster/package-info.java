/**
 * Runs over many GPUs: a sharded run ({@code eibench run --shard K/N}) as a Slurm job array plus a merge job,
 * resubmission of only the incomplete shards, per-shard status, and the same split as a Kubernetes manifest.
 * Scripts come from templates in this package's resources; every value goes into them through {@link
 * org.eibench.engine.cluster.ShellQuoting}.
 */
package org.eibench.engine.cluster;
