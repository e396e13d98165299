"""The networks the benchmark compares, built with seeded random weights.

The S2SVR rows come from configs: the paper's SR and deblurring configurations, and the
shipped x4 SR model of the task catalogue (:data:`s2svr_mm.apis.catalogue.DEFAULT_MODELS`), so
``s2svr-default`` is always the network ``s2svr-restore --task sr`` runs.
"""
import torch
from mmengine.config import Config

from mmagic.registry import MODELS
from s2svr_mm.apis.catalogue import config_path, default_model

#: Config key -> path of the S2SVR config of that row.
CONFIGS = dict(
    paper=config_path('_base_/models/s2svr_sr.py'),
    default=default_model('sr')[0],
    deblur=config_path('s2svr/s2svr_c48b13_8xb1-200k_gopro.py'))
#: Model name -> (task, where its generator comes from: a config key or a fixed dict).
MODEL_SOURCES = {
    's2svr-paper': ('sr', 'paper'),
    's2svr-default': ('sr', 'default'),
    'basicvsr': ('sr', dict(type='BasicVSRNet', mid_channels=64, num_blocks=30,
                            spynet_pretrained=None)),
    'basicvsrpp': ('sr', dict(type='BasicVSRPlusPlusNet', mid_channels=64, num_blocks=7,
                              is_low_res_input=True, spynet_pretrained=None,
                              cpu_cache_length=100)),
    's2svr-deblur': ('same', 'deblur'),
    'basicvsrpp-same': ('same', dict(type='BasicVSRPlusPlusNet', mid_channels=64, num_blocks=7,
                                     is_low_res_input=False, spynet_pretrained=None,
                                     cpu_cache_length=100)),
}
#: Task -> the model each row's time is compared with.
REFERENCE = {'sr': 'basicvsrpp', 'same': 'basicvsrpp-same'}


def generator_cfg(path):
    """``model.generator`` of a config as a plain dict, with no checkpoint to load."""
    cfg = Config.fromfile(str(path)).model.generator.to_dict()
    cfg['flow_pretrained'] = None
    return cfg


def model_spec(name, configs=None):
    """(task, generator dict) of a benchmarked model.

    Args:
        name (str): A key of :data:`MODEL_SOURCES`.
        configs (dict, optional): Config key -> path, overriding :data:`CONFIGS`.
    """
    task, source = MODEL_SOURCES[name]
    if isinstance(source, str):
        return task, generator_cfg({**CONFIGS, **(configs or {})}[source])
    return task, dict(source)


def build(spec, device, seed=0):
    """Build a generator with seeded random weights, in eval mode, on ``device``."""
    torch.manual_seed(seed)
    return MODELS.build(dict(spec)).eval().to(device)


def num_params(model):
    """Number of parameters of ``model``."""
    return sum(p.numel() for p in model.parameters())


def parse_size(text):
    """An LQ size argument: ``'180x320'`` -> (180, 320)."""
    h, w = text.lower().split('x')
    return int(h), int(w)
