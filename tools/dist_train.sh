#!/usr/bin/env bash
# Distributed training with torchrun and mmengine's `pytorch` launcher, one process per GPU:
#
#   bash tools/dist_train.sh CONFIG NUM_PROCESSES [tools/train.py args, e.g. --resume]
#
# On a machine without GPUs the processes train on CPU with the gloo backend (the tiny config
# sets it; for others add `--cfg-options env_cfg.dist_cfg.backend=gloo`).
# Environment: NNODES, NODE_RANK, MASTER_ADDR, PORT (multi-node and rendezvous; PORT must be
# free), PYTHON (the interpreter, default `python`). The folder above tools/ goes first on
# PYTHONPATH (as in MMagic): run from a checkout, the checkout's s2svr_mm is trained.
set -e
if [ $# -lt 2 ]; then
  echo "usage: $0 CONFIG NUM_PROCESSES [train.py args]" >&2
  exit 2
fi
CONFIG=$1
GPUS=$2
NNODES=${NNODES:-1}
NODE_RANK=${NODE_RANK:-0}
PORT=${PORT:-29500}
MASTER_ADDR=${MASTER_ADDR:-"127.0.0.1"}
PYTHON=${PYTHON:-python}

PYTHONPATH="$(dirname "$0")/..${PYTHONPATH:+:$PYTHONPATH}" \
"$PYTHON" -m torch.distributed.run \
    --nnodes="$NNODES" --node_rank="$NODE_RANK" --master_addr="$MASTER_ADDR" \
    --nproc_per_node="$GPUS" --master_port="$PORT" \
    "$(dirname "$0")/train.py" "$CONFIG" --launcher pytorch "${@:3}"
