#!/usr/bin/env bash
# Multi-process testing with torchrun:  bash tools/dist_test.sh CONFIG CHECKPOINT GPUS [args]
CONFIG=$1
CHECKPOINT=$2
GPUS=$3
PORT=${PORT:-29500}
PYTHON=${PYTHON:-python}

"$PYTHON" -m torch.distributed.run --nproc_per_node="$GPUS" --master_port="$PORT" \
    "$(dirname "$0")/test.py" "$CONFIG" "$CHECKPOINT" --launcher pytorch "${@:4}"
