"""tools/eval_real_clips.py: the baseline scores, the restore path and the error exits."""
import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'test_apis'))
from restore_testing import write_tiny_model  # noqa: E402


@pytest.fixture(scope='module')
def tool(load_tool):
    return load_tool('tools/eval_real_clips.py')


def test_scores_a_model_against_bicubic_through_the_restore_path(tool, frames_root, tmp_path,
                                                                  capsys):
    config, checkpoint, _ = write_tiny_model(tmp_path, is_low_res_input=True)
    out = tmp_path / 'out'
    code = tool.main(['--task', 'sr', '--data-root', frames_root, '--no-default', '--model',
                      'tiny', config, checkpoint, '--out-dir', str(out)])
    assert code == 0
    rows = json.loads((out / 'eval_real_clips.json').read_text())
    by = {(r['method'], r['clip']): r for r in rows}
    # the val split of the tiny tree is one clip; the mean equals it; the baseline gains 0
    assert set(by) == {('bicubic', 'pan_b'), ('bicubic', 'mean'), ('tiny', 'pan_b'),
                       ('tiny', 'mean')}
    assert by[('bicubic', 'mean')]['gain_db'] == 0
    assert by[('tiny', 'mean')]['psnr'] == by[('tiny', 'pan_b')]['psnr']
    # the restored frames were written by restore_video, one per GT frame, x4
    frames = sorted((out / 'sr' / 'tiny' / 'pan_b').glob('*.png'))
    assert len(frames) == len(list((Path(frames_root) / 'gt' / 'pan_b').glob('*.png')))
    assert '| sr | Y | tiny | mean |' in capsys.readouterr().out


def test_missing_dataset_and_model_exit_nonzero_with_one_line(tool, tmp_path, frames_root,
                                                              capsys):
    assert tool.main(['--data-root', str(tmp_path / 'nothing')]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith('error: no dataset') and '\n' not in err
    assert tool.main(['--task', 'sr', '--data-root', frames_root, '--no-default', '--model',
                      'x', str(tmp_path / 'no.py'), str(tmp_path / 'no.pth'),
                      '--out-dir', str(tmp_path / 'o')]) == 1
    err = capsys.readouterr().err.strip()
    assert 'does not exist' in err and '\n' not in err
    assert tool.main(['--model', 'x', 'a.py', 'b.pth']) == 2
