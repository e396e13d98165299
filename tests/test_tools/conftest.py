"""Fixtures for the tests of the scripts under tools/ (not a package: loaded by path)."""
import importlib.util
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def _load(relpath: str):
    """Import ``REPO_ROOT/relpath`` as a module (once; registered in ``sys.modules`` so that
    worker processes and pickling find it)."""
    name = 'tools_' + relpath.replace('/', '_').removesuffix('.py')
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO_ROOT / relpath)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope='session')
def load_tool():
    """``load_tool('tools/x.py')`` returns the script's module."""
    return _load


@pytest.fixture(scope='session')
def repo_root():
    return REPO_ROOT
