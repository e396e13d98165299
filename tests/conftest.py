"""Fixtures for the whole suite; helpers live in ``s2svr_testing.py``."""
import pytest
from mmagic.utils import register_all_modules

import s2svr_mm  # noqa: F401  (registers the plugin into MMagic's registries)
from s2svr_testing import write_frames_tree

register_all_modules(init_default_scope=True)


@pytest.fixture(scope='session')
def frames_root(tmp_path_factory):
    """A tiny x4 SR dataset in MMagic's frame-folder layout (see :func:`write_frames_tree`)."""
    return write_frames_tree(tmp_path_factory.mktemp("frames"), gt_size=128)
