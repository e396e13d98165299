"""s2svr_mm: S2SVR (Lin et al., ICML 2022) as an OpenMMLab MMagic plugin.

Importing the package registers every component into MMagic's registries (``MODELS``,
``TRANSFORMS``, ...) and allow-lists mmengine's checkpoint types for torch >= 2.6.
"""
from . import datasets, engine, models  # noqa: F401
from .utils import register_safe_globals
from .version import __version__  # noqa: F401

register_safe_globals()
