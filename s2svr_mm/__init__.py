"""s2svr_mm: S2SVR (Lin et al., ICML 2022) as an OpenMMLab MMagic plugin.

Importing the package registers every component into MMagic's registries (``MODELS``,
``TRANSFORMS``, ...) and allow-lists mmengine's checkpoint types for torch >= 2.6.

``import mmagic`` imports diffusers 0.x, which warns once per module that torch's private
``_register_pytree_node`` is deprecated; that says nothing to our users and would make the
CLI's one-line errors three lines long, so exactly that warning, raised from diffusers' code,
is silenced. It is the one filter this package installs, and it must be installed here: the
warning is raised while this package imports MMagic, before any config is read.
Everything else is switched on by config keys (``configs/_base_/default_runtime.py``) or is a
registration (the ``trusted://`` checkpoint scheme and the allow-list of
:mod:`s2svr_mm.utils.checkpoint`).
"""
import warnings

warnings.filterwarnings(
    'ignore', message=r'`torch\.utils\._pytree\._register_pytree_node` is deprecated',
    category=FutureWarning, module=r'diffusers\.')

from . import datasets, engine, models  # noqa: E402,F401
from .utils import register_safe_globals  # noqa: E402
from .version import __version__  # noqa: E402,F401

register_safe_globals()
