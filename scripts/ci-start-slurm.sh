#!/usr/bin/env bash
# Starts a single-node SLURM cluster on this machine (munged, slurmctld, slurmd on localhost),
# so SlurmStudyTests can submit a real array job. CI only: it writes /etc/slurm/slurm.conf and
# starts daemons as root, which nobody wants on a laptop, so it refuses unless CI=true.
# Idempotent: when the cluster already answers with its node idle it does nothing.
# Needs slurm-wlm and munge (CI=true make deps installs them).
#
# Daemons are started directly rather than through systemd, because CI containers usually
# have no init system; their logs are in /var/log/slurm/.
set -euo pipefail

if [ "${CI:-}" != "true" ]; then
  echo "ci-start-slurm.sh: runs only with CI=true (it writes /etc/slurm/slurm.conf and starts daemons as root)" >&2
  exit 2
fi
for tool in munged mungekey slurmctld slurmd sinfo scontrol; do
  if ! command -v "$tool" >/dev/null && [ ! -x "/usr/sbin/$tool" ]; then
    echo "ci-start-slurm.sh: $tool is missing; install slurm-wlm and munge (CI=true make deps)" >&2
    exit 2
  fi
done
PATH="$PATH:/usr/sbin:/sbin"

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"

conf=/etc/slurm/slurm.conf
marker="# Written by SynBench scripts/ci-start-slurm.sh"
node="$(hostname -s)"

# The node's state as sinfo reports it ("idle", "mixed", "drained", "idle*" when slurmd does
# not answer, ...), empty when the controller does not answer.
node_state() {
  timeout 10 sinfo --noheader --nodes="$node" --format=%T 2>/dev/null | head -n 1 | tr -d ' ' || true
}

# A daemon is running when its pid file names a live process.
running() {
  [ -f "$1" ] && $sudo kill -0 "$(cat "$1")" 2>/dev/null
}

# Already up: nothing to do. For a cluster this script made, the local daemons must be alive
# too, because the controller notices a dead slurmd only after SlurmdTimeout (minutes) and
# keeps reporting the node idle until then.
case "$(node_state)" in
  idle|mixed|allocated|completing)
    if ! grep -qxF "$marker" "$conf" 2>/dev/null || { running /run/slurmctld.pid && running /run/slurmd.pid; }; then
      exit 0
    fi
    ;;
esac

# Never overwrite a SLURM configuration someone else wrote.
if [ -f "$conf" ] && ! grep -qxF "$marker" "$conf"; then
  echo "ci-start-slurm.sh: $conf exists and was not written by this script; start that cluster yourself" >&2
  exit 1
fi

# munge: the key the package made, or a new one; munged as the munge user.
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  # /etc/munge is readable by munge and root only, hence the test through sudo.
  if ! $sudo test -s /etc/munge/munge.key; then
    $sudo mungekey --create --keyfile=/etc/munge/munge.key
    $sudo chown munge:munge /etc/munge/munge.key
    $sudo chmod 0400 /etc/munge/munge.key
  fi
  $sudo install -d -o munge -g munge -m 0755 /run/munge
  $sudo install -d -o munge -g munge -m 0700 /var/log/munge /var/lib/munge
  started=yes
  $sudo runuser -u munge -- /usr/sbin/munged || started=no
  for _ in $(seq 50); do
    [ "$started" = yes ] || break
    munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break
    sleep 0.2
  done
  if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    echo "ci-start-slurm.sh: munged did not start (see /var/log/munge/munged.log)" >&2
    exit 1
  fi
fi

# RealMemory below what the machine has, or slurmd's registration drains the node; memory is
# not a consumable resource here (CR_Core), so jobs do not need --mem and array tasks run side
# by side up to the CPU count.
memory_mb=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 ))
real_memory=$(( memory_mb < 2048 ? memory_mb / 2 : 1024 ))
cpus="$(nproc)"

config="$marker
ClusterName=synbench-ci
SlurmctldHost=${node}(127.0.0.1)
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
# No mail program in a CI image; this keeps slurmctld from logging an error at every start.
MailProg=/bin/true
SlurmUser=root
SlurmdUser=root
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
# Containers have no writable cgroup tree: track processes through /proc, bind nothing.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
# A node that was down comes back by itself when slurmd registers again.
ReturnToService=2
NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${real_memory} State=UNKNOWN
PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP"

# Rewrite the file only when it changes, so a rerun keeps a running cluster's configuration.
if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "$config" ]; then
  $sudo install -d -m 0755 /etc/slurm
  printf '%s\n' "$config" | $sudo tee "$conf" >/dev/null
  # A changed configuration is read only at start.
  for pidfile in /run/slurmd.pid /run/slurmctld.pid; do
    if running "$pidfile"; then
      $sudo kill "$(cat "$pidfile")"
      for _ in $(seq 50); do running "$pidfile" || break; sleep 0.2; done
    fi
  done
fi
$sudo install -d -m 0755 /var/spool/slurmctld /var/spool/slurmd /var/log/slurm

# Each daemon forks into the background once it has read its configuration; a non-zero exit
# means it refused to start, and its log says why.
if ! running /run/slurmctld.pid && ! $sudo slurmctld; then
  echo "ci-start-slurm.sh: slurmctld did not start (see /var/log/slurm/slurmctld.log)" >&2
  exit 1
fi
for _ in $(seq 50); do
  timeout 5 scontrol ping 2>/dev/null | grep -q UP && break
  sleep 0.2
done
if ! running /run/slurmd.pid && ! $sudo slurmd; then
  echo "ci-start-slurm.sh: slurmd did not start (see /var/log/slurm/slurmd.log)" >&2
  exit 1
fi

# Wait for the node to register; undrain it if an earlier run left it down or drained.
state=""
for _ in $(seq 60); do
  state="$(node_state)"
  case "$state" in
    idle|mixed|allocated|completing)
      echo "ci-start-slurm.sh: SLURM node $node is $state ($cpus CPUs)" >&2
      exit 0
      ;;
    down*|drain*|fail*)
      $sudo scontrol update nodename="$node" state=resume 2>/dev/null || true
      ;;
  esac
  sleep 0.5
done
echo "ci-start-slurm.sh: node $node did not become idle (state '${state:-no answer}'); see /var/log/slurm/" >&2
exit 1
