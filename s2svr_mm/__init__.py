"""s2svr_mm: S2SVR (Lin et al., ICML 2022) as an OpenMMLab MMagic plugin.

Importing the package registers every component into MMagic's registries (``MODELS``,
``TRANSFORMS``, ...) and allow-lists mmengine's checkpoint types for torch >= 2.6.

``import mmagic`` imports diffusers 0.x, which warns once per module that torch's private
``_register_pytree_node`` is deprecated; that says nothing to our users and would make the
CLI's one-line errors three lines long, so exactly that warning is silenced.
"""
import warnings

warnings.filterwarnings(
    'ignore', message=r'`torch\.utils\._pytree\._register_pytree_node` is deprecated',
    category=FutureWarning)

from . import datasets, engine, models  # noqa: E402,F401
from .utils import register_safe_globals  # noqa: E402
from .version import __version__  # noqa: E402,F401

register_safe_globals()
