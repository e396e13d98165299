"""The flow nets inside the shipped models, on real frames at a size they were not trained
at (issue 15): tests with known answers that a constant field cannot pass.

Each shipped model's flow net is built from its config and filled from its weights, and used as
the model uses it (symmetrised when the config sets ``symmetric_flow``). The PWC-Lite students
shipped by issue 17 still miss these goals (docs/flow.md), so their tests are expected to fail
(strict: when a retrained flow net passes, its mark must go); a model shipped with OpenCV's DIS
flow must pass them. The shipped deblurring model runs with ``zero_flow=True`` (its PWC-Lite
cost it 0.7 dB, README "Results"); the deblurring student it carries is the one tested here.
"""
import glob
import os.path as osp

import cv2
import numpy as np
import pytest
import torch

from mmagic.registry import MODELS
from s2svr_mm.apis import catalogue, loading
from s2svr_mm.flow_evaluation import GeneratorFlow
from s2svr_mm.models.flow_utils import warp
from s2svr_mm.utils.checkpoint import build_flow_net, load_flow_net_weights
from s2svr_testing import REPO_ROOT

MISSED = pytest.mark.xfail(
    strict=True, reason='issue 17: the flow nets inside the shipped models, and the first '
    'flipped students (superseded), do not reach these goals (docs/flow.md)')
TASKS = ('sr', 'deblur', 'decompress')


def shipped_flow_type(task):
    """``type`` of the flow net in the shipped ``task`` config ('PWCLite' or 'DISFlow')."""
    return loading.load_config(catalogue.default_model(task)[0]).model.generator.flow_net.type


#: Measured on the shipped PWC-Lite students (symmetrised): the (3, -2) shift comes back with an
#: EPE of 3.59 (x4, before 2026-12-03), 2.57 (deblur), 2.55 (decompress) px; the warp gain on
#: the real pan is 1.35 (x4), 0.98 (deblur), 0.67 (decompress) dB. A model shipped with
#: OpenCV's DIS flow (DISFlow) is held to the same goals without a mark.
MISSES_TRANSLATION = [pytest.param(task, marks=MISSED) if shipped_flow_type(task) == 'PWCLite'
                      else task for task in TASKS]
MISSES_WARP_GAIN = {'deblur', 'decompress'}
WARP_GAIN_TASKS = [pytest.param(task, marks=MISSED) if task in MISSES_WARP_GAIN else task
                   for task in TASKS]
SIZE = 80  # crops of the 96x96 tree frames: neither the 32x32 LQ nor the 128x128 training crops
MARGIN = 8


def tree_frames():
    """The 8 real frames of tests/data/tree_96x96 (foliage in the wind), (1, 3, 96, 96) each."""
    paths = sorted(glob.glob(osp.join(REPO_ROOT, 'tests', 'data', 'tree_96x96', '*.png')))
    return [torch.from_numpy(cv2.imread(p)[..., ::-1].copy()).permute(2, 0, 1)[None].float() /
            255 for p in paths]


def crop(frame, x, y):
    return frame[..., y:y + SIZE, x:x + SIZE]


def flow_net(task):
    """The flow net of the shipped ``task`` model, as its generator uses it: symmetrised if
    the config sets ``symmetric_flow``, on frames resized by its ``flow_upscale``."""
    config, weights = catalogue.default_model(task)
    generator_cfg = loading.load_config(config).model.generator
    net = MODELS.build(generator_cfg.flow_net)
    load_flow_net_weights(net, weights)
    net.eval()
    return GeneratorFlow(net, symmetric=bool(generator_cfg.get('symmetric_flow')),
                         upscale=generator_cfg.get('flow_upscale', 1))


#: The distilled PWC-Lite students shipped on their own (issue 15; docs/flow.md), one per task,
#: with ``normalize_features=True``, distilled from the teacher of Alg. 1 step 1 trained on with
#: flow-aware flips, and trained with them (``configs/flow/pwclite-norm-ft2-flips_student_*.py``).
#: ``('student-ms180', 'deblur')``: the blurred student of the teacher trained on with 180 motion
#: sequences (``configs/flow/pwclite-norm-ft5-flips_student_1xb4-400_motion-seqs180-blur.py``;
#: docs/flow.md, 2026-12-05, eighth stop).
#: ``('student-ms180-ft6', task)``: the blurred and QP 37 students (800 iterations) of that
#: teacher trained 2,000 iterations more on them
#: (``configs/flow/pwclite-norm-ft6-flips_student_1xb4-800_motion-seqs180-*.py``; docs/flow.md,
#: 2026-12-06, ninth stop).
#: ``('student-ms180-ft6-sm500', 'deblur')``: the blurred student of ft6 trained with ten times
#: ARFlow's smoothness weight at four pyramid levels
#: (``configs/flow/pwclite-norm-ft6-flips_student-mssmooth500_1xb4-800_motion-seqs180-blur.py``;
#: docs/flow.md, 2026-12-06, eleventh stop).
STUDENT_PREFIXES = {'student': ('pwclite-norm-flips', TASKS),
                    'student-ms180': ('pwclite-norm-flips-ms180', ('deblur', )),
                    'student-ms180-ft6': ('pwclite-norm-flips-ms180-ft6', ('deblur', 'decompress')),
                    'student-ms180-ft7': ('pwclite-norm-flips-ms180-ft7', ('deblur', )),
                    'student-ms180-ft6-sm500': ('pwclite-norm-flips-ms180-ft6-sm500', ('deblur', ))}
STUDENTS = {(source, task): osp.join(REPO_ROOT, 's2svr_mm', 'weights',
                                     f'{prefix}_student_{task}.pth')
            for source, (prefix, tasks) in STUDENT_PREFIXES.items() for task in tasks}
#: The students are tested on the frames upsampled x2 (``S2SVRNet(flow_upscale=2)``, not in the
#: paper), not symmetrised, so that flow(a, b) ~ -flow(b, a) is the net's own. At the 80x80 size
#: itself even the HQ teacher misses the shift (1.35 px; 0.55 upsampled x2): its coarsest
#: pyramid level is 1x1 there.
STUDENT_UPSCALE = 2
#: Goals a shipped student misses today. Measured on these tests' inputs (80x80 crops of the
#: tree frames, upsampled x2): the (3, -2) shift comes back with an EPE of 0.64 (x4), 0.48
#: (deblur), 0.59 (decompress) px (goal 0.5); the warp gain on the pan is 6.88 / 7.03 / 7.13 dB
#: (goal 1). At the native size: 0.99 / 1.34 / 1.31 px and 3.60 / 4.68 / 4.16 dB. The students
#: shipped before them (no flips; native size): 1.99 / 1.16 / 1.33 px. The blurred student of
#: the 180-sequence teacher: 0.39 px and 7.69 dB upsampled x2 (0.49 px, 1.52 dB at the native
#: size). The ft6 students (upsampled x2): 0.29 / 0.40 px and 7.84 / 7.61 dB (deblur /
#: decompress). The ft7 blurred student passes both (0.34 px, 7.65 dB), as does the sm500 one
#: (0.37 px, 7.65 dB).
STUDENT_MISSES = {('translation', ('student', 'sr')), ('translation', ('student', 'decompress'))}


def student_params(goal):
    return [pytest.param(source, marks=MISSED) if (goal, source) in STUDENT_MISSES else source
            for source in STUDENTS]


def get_net(source):
    """``source``: a task (the flow net inside its shipped model) or a key of ``STUDENTS``,
    e.g. ('student', task) (the shipped student, built as its config trained it, on frames
    upsampled by ``STUDENT_UPSCALE``)."""
    if isinstance(source, tuple):
        return GeneratorFlow(build_flow_net(STUDENTS[source]), upscale=STUDENT_UPSCALE)
    return flow_net(source)


def source_id(source):
    return source if isinstance(source, str) else '-'.join(source)


def inner(x):
    return x[..., MARGIN:-MARGIN, MARGIN:-MARGIN]


def psnr(a, b):
    return float(10 * torch.log10(1 / inner(a - b).square().mean()))


@pytest.mark.parametrize('task', MISSES_TRANSLATION + student_params('translation'), ids=source_id)
def test_shipped_flow_net_recovers_a_known_translation_of_a_real_frame(task):
    """b is a moved by (3, -2): the flow from a to b is (3, -2) everywhere (EPE <= 0.5 px),
    and the flow from b to a its negative."""
    frame = tree_frames()[0]
    a, b = crop(frame, 8, 8), crop(frame, 8 - 3, 8 + 2)  # b(p + (3, -2)) = a(p)
    net = get_net(task)
    with torch.no_grad():
        f_ab, f_ba = net(a, b), net(b, a)
    true = torch.tensor([3., -2.]).view(1, 2, 1, 1)
    shift_epe = float(inner((f_ab - true).norm(dim=1)).mean())
    assert shift_epe <= 0.5, shift_epe
    asymmetry = float(inner((f_ab + f_ba).norm(dim=1)).mean())
    assert asymmetry <= 0.5, asymmetry


@pytest.mark.parametrize('task', WARP_GAIN_TASKS + student_params('warp_gain'), ids=source_id)
def test_shipped_flow_net_beats_zero_flow_on_real_consecutive_frames(task):
    """Consecutive real frames with a camera pan of (2, 1) px per frame added: warping frame
    i+1 with the flow from i to i+1 reconstructs frame i at least 1 dB better than no warp."""
    frames = tree_frames()
    net = get_net(task)
    gains = []
    for i in range(3):
        a, b = crop(frames[i], 8, 8), crop(frames[i + 1], 8 - 2, 8 - 1)
        with torch.no_grad():
            flow = net(a, b)
        gains.append(psnr(warp(b, flow, padding_mode='border'), a) - psnr(b, a))
    assert np.mean(gains) >= 1.0, gains
