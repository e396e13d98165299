"""Fixtures for the tests of the scripts under tools/ (``load_tool``, which loads a script by
path, is in ``tests/conftest.py``: the tests of the shipped models use it too)."""
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope='session')
def repo_root():
    return REPO_ROOT
