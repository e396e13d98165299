"""Evaluate distilled LQ flows against the HQ teacher on held-out real clips (paper Sec. 3.3).

For every pair of consecutive frames of the validation clips, the teacher's flow on the HQ
frames is the reference; each evaluated network estimates the flow on the LQ frames, which is
upsampled to the HQ grid (size and values, Eq. 16). Reported per network:

* EPE (px, HQ pixels): mean end-point error ``||F_teacher - up(F)||_2`` over the pixels the
  teacher sees as non-occluded (forward-backward check);
* photometric error: mean |HQ_1 - warp(HQ_2, up(F))| over the same pixels, in 8-bit levels;
  the zero flow and the teacher itself are listed for reference.

    python tools/eval_flow.py --teacher T.pth --flow distilled=S.pth --flow no-distill=N.pth \\
        --data-root data/real_clips --lq bix4 --out work_dirs/eval_flow_sr.json
"""
import argparse
import json
import os.path as osp
import sys

import cv2
import numpy as np
import torch

import s2svr_mm  # noqa: F401
from mmagic.registry import MODELS
from s2svr_mm.models.flow_utils import warp
from s2svr_mm.models.losses import occlusion_mask, upsample_flow
from s2svr_mm.utils import load_flow_net_weights


def read_clip(folder, num_frames):
    """(t, 3, h, w) float RGB in [0, 1] from ``folder/%08d.png``."""
    frames = []
    for i in range(num_frames):
        path = osp.join(folder, f'{i:08d}.png')
        img = cv2.imread(path, cv2.IMREAD_COLOR)
        if img is None:
            raise FileNotFoundError(f'cannot read frame {path}')
        frames.append(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    return torch.from_numpy(np.stack(frames)).permute(0, 3, 1, 2).float() / 255


def read_ann(path):
    """[(clip, num_frames)] from an MMagic ann file (``clip frames (h,w,c)`` per line)."""
    with open(path) as f:
        return [(line.split()[0], int(line.split()[1])) for line in f if line.strip()]


def build_flow_net(checkpoint=None, seed=0):
    torch.manual_seed(seed)
    net = MODELS.build(dict(type='PWCLite'))
    if checkpoint is not None:
        load_flow_net_weights(net, checkpoint)
    return net.eval()


@torch.no_grad()
def evaluate(nets, teacher, clips, batch=8):
    """Accumulate EPE and photometric error per network over all pairs of all clips."""
    sums = {name: dict(epe=0., photo=0.) for name in list(nets) + ['teacher (HQ)', 'zero flow']}
    visible_total = 0.
    for hq, lq in clips:
        for start in range(0, hq.shape[0] - 1, batch):
            stop = min(start + batch, hq.shape[0] - 1)
            hq1, hq2 = hq[start:stop], hq[start + 1:stop + 1]
            lq1, lq2 = lq[start:stop], lq[start + 1:stop + 1]
            ref = teacher.forward_pyramid(hq1, hq2, bidirectional=True)
            ref12 = ref['flows_12'][0]
            mask = occlusion_mask(ref12, ref['flows_21'][0])
            visible = mask.sum().item()
            visible_total += visible
            flows = {name: upsample_flow(net(lq1, lq2), hq1.shape[-2:])
                     for name, net in nets.items()}
            flows['teacher (HQ)'] = ref12
            flows['zero flow'] = torch.zeros_like(ref12)
            for name, flow in flows.items():
                epe = (flow - ref12).square().sum(1, keepdim=True).sqrt()
                photo = (warp(hq2, flow) - hq1).abs().mean(1, keepdim=True) * 255
                sums[name]['epe'] += (epe * mask).sum().item()
                sums[name]['photo'] += (photo * mask).sum().item()
    return {name: {k: v / visible_total for k, v in s.items()} for name, s in sums.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--teacher', required=True, help='stage-1 checkpoint (HQ teacher)')
    parser.add_argument('--flow', action='append', default=[], metavar='NAME=CKPT',
                        help='an LQ flow network to evaluate (repeatable)')
    parser.add_argument('--no-init', action='store_true',
                        help='skip the untrained (seed 0) network')
    parser.add_argument('--data-root', default='data/real_clips')
    parser.add_argument('--gt', default='gt', help='HQ folder under the data root')
    parser.add_argument('--lq', default='bix4', help='LQ folder under the data root')
    parser.add_argument('--ann', default='meta_info_real_clips_val.txt')
    parser.add_argument('--out', help='write the table as JSON here')
    args = parser.parse_args(argv)
    try:
        nets = {} if args.no_init else {'untrained (init)': build_flow_net()}
        for item in args.flow:
            name, _, path = item.partition('=')
            if not path:
                raise ValueError(f'--flow expects NAME=CKPT, got {item!r}')
            nets[name] = build_flow_net(path)
        teacher = build_flow_net(args.teacher)
        ann = read_ann(osp.join(args.data_root, args.ann))
        clips = [(read_clip(osp.join(args.data_root, args.gt, clip), n),
                  read_clip(osp.join(args.data_root, args.lq, clip), n)) for clip, n in ann]
    except (OSError, ValueError, KeyError) as err:
        print(f'eval_flow: {err}', file=sys.stderr)
        return 1
    results = evaluate(nets, teacher, clips)
    print(f'{"flow":24s} {"EPE vs teacher (px)":>20s} {"photometric (levels)":>21s}')
    for name, r in results.items():
        print(f'{name:24s} {r["epe"]:20.3f} {r["photo"]:21.2f}')
    if args.out:
        with open(args.out, 'w') as f:
            json.dump(dict(clips=[clip for clip, _ in ann],
                           lq=args.lq, results=results), f, indent=2)
    return 0


if __name__ == '__main__':
    sys.exit(main())
