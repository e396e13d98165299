"""Fixtures for the whole suite; helpers live in ``s2svr_testing.py``."""
import importlib.util
import sys
from pathlib import Path

import pytest
from mmagic.utils import register_all_modules

import s2svr_mm  # noqa: F401  (registers the plugin into MMagic's registries)
from s2svr_testing import REPO_ROOT, write_frames_tree

register_all_modules(init_default_scope=True)


@pytest.fixture(scope='session')
def frames_root(tmp_path_factory):
    """A tiny x4 SR dataset in MMagic's frame-folder layout (see :func:`write_frames_tree`)."""
    return write_frames_tree(tmp_path_factory.mktemp("frames"), gt_size=128)


def _load(relpath: str):
    """Import ``REPO_ROOT/relpath`` as a module (once; registered in ``sys.modules`` so that
    worker processes and pickling find it)."""
    name = 'tools_' + relpath.replace('/', '_').removesuffix('.py')
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(REPO_ROOT) / relpath)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope='session')
def load_tool():
    """``load_tool('tools/x.py')`` returns the script's module."""
    return _load
