"""Build hook: ship ``configs/``, ``tools/`` and ``model-index.yml`` inside the wheel as
``s2svr_mm/.mim``.

``mim train s2svr_mm CFG`` runs ``s2svr_mm/.mim/tools/train.py`` of the *installed* package and
looks configs up under ``s2svr_mm/.mim/configs``. MMagic's own ``setup.py`` copies these folders
at build time; we do the same in ``build_py`` so the repository keeps one source of truth.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
MIM_DIRS = ('configs', 'tools')


class BuildPyWithMim(build_py):
    """``build_py`` that also copies ``configs/`` and ``tools/`` to ``s2svr_mm/.mim/``."""

    def run(self):
        super().run()
        mim_root = Path(self.build_lib) / 's2svr_mm' / '.mim'
        for name in MIM_DIRS:
            dst = mim_root / name
            if dst.exists():
                shutil.rmtree(dst)
            shutil.copytree(ROOT / name, dst,
                            ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
        shutil.copy2(ROOT / 'model-index.yml', mim_root / 'model-index.yml')  # as MMagic's


setup(cmdclass={'build_py': BuildPyWithMim})
