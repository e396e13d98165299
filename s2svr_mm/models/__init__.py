"""Models of s2svr_mm, registered into MMagic's MODELS registry on import."""
from .backbones import *  # noqa: F401,F403
from .editors import *  # noqa: F401,F403
from .losses import *  # noqa: F401,F403
