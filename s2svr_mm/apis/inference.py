"""Restoring through MMagic's inference API (``VideoRestorationInferencer``).

What MMagic 1.2.0 needs from an S2SVR config and checkpoint (read from
``mmagic/apis/inferencers/video_restoration_inferencer.py`` and ``mmagic_inferencer.py``):

* a ``demo_pipeline`` (else ``test_pipeline``, else ``val_pipeline``) whose first step is
  ``GenerateSegmentIndices``, loading only ``img``: a ``val_pipeline`` also loads ``gt`` and
  so fails on a folder of frames. Our frame-folder dataset bases (``video_frames.py``) define
  :data:`DEMO_PIPELINE`; a user's config without one gets it here. A video file input (.mp4,
  .mov, .avi only) drops the loading steps and works with any of them;
* ``model.generator.flow_pretrained`` must exist or be None: the inferencer builds the whole
  model, and PWC-Lite loads that file on construction (the checkpoint carries the flow net);
* ``MMagicInferencer`` cannot take a custom config on its own: with ``model_name=None`` it
  has no task and raises ``ValueError('Unknown inferencer task: None')``. Name a video
  restoration model of its list (``model_name='basicvsr'``) with ``model_config`` and
  ``model_ckpt``: ours override its config and checkpoint (it warns so).

:func:`prepare_inference_config` makes a config ready (at runtime, without editing the file)
and :func:`build_inferencer` returns a ready ``VideoRestorationInferencer``.
"""
import copy
from typing import Optional, Union

from mmengine.config import Config

from .loading import clear_flow_pretrained, load_config

#: The pipeline MMagic's BasicVSR configs give for inference on a frame folder.
DEMO_PIPELINE = [
    dict(type='GenerateSegmentIndices', interval_list=[1]),
    dict(type='LoadImageFromFile', key='img', channel_order='rgb'),
    dict(type='PackInputs'),
]
#: ``VideoRestorationInferencer.extra_parameters`` as MMagic 1.2.0 defines them.
INFERENCER_DEFAULTS = dict(start_idx=0, filename_tmpl='{:08d}.png', window_size=0,
                           max_seq_len=None)


def prepare_inference_config(config: Union[str, Config]) -> Config:
    """A copy of an S2SVR config that MMagic's video restoration inferencer accepts.

    Adds :data:`DEMO_PIPELINE` as ``demo_pipeline`` when the config has none, and clears
    ``model.generator.flow_pretrained``.

    Args:
        config (str | Config): Config path or object (not modified).

    Returns:
        Config: The prepared copy.

    Raises:
        RestoreError: If a config path cannot be read or has no ``model.generator``.
    """
    cfg = load_config(config) if isinstance(config, str) else copy.deepcopy(config)
    clear_flow_pretrained(cfg.model.generator)
    if not cfg.get('demo_pipeline'):
        cfg.demo_pipeline = copy.deepcopy(DEMO_PIPELINE)
    return cfg


def build_inferencer(config: Union[str, Config], checkpoint: Optional[str] = None,
                     device: Optional[str] = None, extra_parameters: Optional[dict] = None):
    """MMagic's ``VideoRestorationInferencer`` for an S2SVR config and checkpoint.

    Call it as ``inferencer(video=PATH, result_out_dir=OUT)``: ``PATH`` is a folder of
    ``00000000.png``, ... frames (``filename_tmpl``, from ``start_idx``) or an .mp4/.mov/.avi
    file; ``OUT`` an .mp4/.mov/.avi file (OpenCV ``mp4v`` at 25 fps) or a folder for PNG
    frames. The whole video is restored in one forward pass (the generator's own
    ``chunk_size`` applies) unless ``extra_parameters['max_seq_len']`` cuts it into
    independent pieces; for long videos use :func:`~s2svr_mm.apis.restore_video`.

    Args:
        config (str | Config): S2SVR config (path or object), see
            :func:`prepare_inference_config`.
        checkpoint (str, optional): Checkpoint of the whole model (``generator.*`` keys), read
            by mmengine's ``load_checkpoint`` (safe under ``weights_only=True`` after
            ``import s2svr_mm``). Default: None (random weights).
        device (str, optional): 'cpu', 'cuda', ... Default: None (CUDA if available).
        extra_parameters (dict, optional): ``start_idx``, ``filename_tmpl``, ``window_size``,
            ``max_seq_len`` (see :data:`INFERENCER_DEFAULTS`). Default: None.

    Returns:
        VideoRestorationInferencer: The inferencer, model in eval mode on ``device``.
    """
    from mmagic.apis.inferencers.video_restoration_inferencer import \
        VideoRestorationInferencer
    cfg = prepare_inference_config(config)
    inferencer = VideoRestorationInferencer(cfg, checkpoint, device=device)
    # MMagic updates ``extra_parameters`` in place on the *class* attribute, so settings of
    # one inferencer would leak into the next: give this one its own dict.
    inferencer.extra_parameters = {**INFERENCER_DEFAULTS, **(extra_parameters or {})}
    return inferencer
