#!/usr/bin/env bash
# Distributed training on Slurm with mmengine's `slurm` launcher, one task per GPU:
#
#   GPUS=16 bash tools/slurm_train.sh PARTITION JOB_NAME CONFIG WORK_DIR [tools/train.py args]
#
# Environment: GPUS (tasks in all, default 8), GPUS_PER_NODE (default 8), TASKS_PER_NODE
# (default GPUS_PER_NODE), CPUS_PER_TASK (default 5), GRES (default gpu:GPUS_PER_NODE; set it
# empty, GRES=, on CPU-only nodes, which then train with the gloo backend), SRUN_ARGS (more srun
# options), PYTHON (the interpreter, default `python`). The folder above tools/ goes first on
# PYTHONPATH (as in MMagic): run from a checkout, the checkout's s2svr_mm is trained. Resume a
# killed job with the same command plus --resume (the work dir's last_checkpoint is read).
set -e
if [ $# -lt 4 ]; then
  echo "usage: GPUS=N $0 PARTITION JOB_NAME CONFIG WORK_DIR [train.py args]" >&2
  exit 2
fi
PARTITION=$1
JOB_NAME=$2
CONFIG=$3
WORK_DIR=$4
GPUS=${GPUS:-8}
GPUS_PER_NODE=${GPUS_PER_NODE:-8}
TASKS_PER_NODE=${TASKS_PER_NODE:-$GPUS_PER_NODE}
CPUS_PER_TASK=${CPUS_PER_TASK:-5}
GRES=${GRES-gpu:$GPUS_PER_NODE}
SRUN_ARGS=${SRUN_ARGS:-""}
PYTHON=${PYTHON:-python}
GRES_ARGS=()
if [ -n "$GRES" ]; then GRES_ARGS=(--gres="$GRES"); fi

set -x
# shellcheck disable=SC2086  # SRUN_ARGS holds several options
PYTHONPATH="$(dirname "$0")/..${PYTHONPATH:+:$PYTHONPATH}" \
srun -p "$PARTITION" --job-name="$JOB_NAME" "${GRES_ARGS[@]}" \
    --ntasks="$GPUS" --ntasks-per-node="$TASKS_PER_NODE" --cpus-per-task="$CPUS_PER_TASK" \
    --kill-on-bad-exit=1 $SRUN_ARGS \
    "$PYTHON" -u "$(dirname "$0")/train.py" "$CONFIG" --work-dir="$WORK_DIR" \
    --launcher="slurm" "${@:5}"
