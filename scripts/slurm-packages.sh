#!/usr/bin/env bash
# Installs the single-node Slurm that SlurmClusterTest starts (Debian packages, as root, no systemd needed):
# slurmctld, slurmd, slurm-client and munge. --no-install-recommends: the recommends pull in ~20 plugin
# packages the test does not use. Does nothing when they are there.
set -euo pipefail
missing=()
[ -x /usr/sbin/slurmctld ] || missing+=(slurmctld)
[ -x /usr/sbin/slurmd ] || missing+=(slurmd)
command -v sbatch >/dev/null || missing+=(slurm-client)
[ -x /usr/sbin/munged ] || missing+=(munge)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "slurm-packages.sh: installing ${missing[*]} needs root" >&2
    exit 1
  fi
  echo "[slurm] installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
