"""tools/measure_restore_memory.py: input construction, the fresh-process probe, errors."""
import json
import os.path as osp
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'test_apis'))
from restore_testing import write_tiny_model  # noqa: E402


@pytest.fixture(scope='module')
def tool(load_tool):
    return load_tool('tools/measure_restore_memory.py')


def test_ping_pong_plays_forwards_then_backwards(tool):
    frames = [np.full((1, 1, 3), i, np.uint8) for i in range(3)]
    out = [int(f[0, 0, 0]) for f in tool.ping_pong(frames, 9)]
    assert out == [0, 1, 2, 1, 0, 1, 2, 1, 0]
    assert len(tool.ping_pong(frames[:1], 4)) == 4


def test_source_frames_cover_and_crop_to_the_size(tool, frames_root):
    frames = tool.source_frames(osp.join(frames_root, 'gt', 'pan_a'), (20, 48))
    assert len(frames) == 6 and all(f.shape == (20, 48, 3) for f in frames)
    with pytest.raises(FileNotFoundError, match='prepare_real_clips'):
        tool.source_frames(osp.join(frames_root, 'gt', 'missing'), (20, 48))


def test_measures_the_cli_on_two_lengths(tool, frames_root, tmp_path, capsys):
    config, checkpoint, _ = write_tiny_model(tmp_path, is_low_res_input=True)
    cli = osp.join(osp.dirname(sys.executable), 's2svr-restore')
    if not osp.isfile(cli):
        pytest.skip('s2svr-restore is not installed in this environment')
    out = tmp_path / 'mem'
    code = tool.main(['--frames', '3', '6', '--size', '16', '24', '--source',
                      osp.join(frames_root, 'gt', 'pan_a'), '--out-dir', str(out), '--',
                      '--config', config, '--checkpoint', checkpoint])
    assert code == 0
    result = json.loads((out / 'restore_memory.json').read_text())
    assert [r['frames'] for r in result['rows']] == [3, 6]
    assert all(r['peak_rss_mib'] > 50 and r['fps'] > 0 for r in result['rows'])
    assert result['rows'][0]['rss_ratio'] == 1
    assert (out / 'restored_6.mp4').is_file()
    assert '| 6 |' in capsys.readouterr().out


def test_missing_source_and_failed_restore_exit_1(tool, tmp_path, frames_root, capsys):
    assert tool.main(['--source', str(tmp_path / 'none'), '--out-dir', str(tmp_path)]) == 1
    assert 'no frames' in capsys.readouterr().err
    assert tool.main(['--cli', str(tmp_path / 'no-cli')]) == 1
    assert 'no s2svr-restore' in capsys.readouterr().err
    cli = osp.join(osp.dirname(sys.executable), 's2svr-restore')
    if osp.isfile(cli):
        code = tool.main(['--frames', '2', '--size', '16', '16', '--source',
                          osp.join(frames_root, 'gt', 'pan_a'), '--out-dir', str(tmp_path),
                          '--', '--checkpoint', str(tmp_path / 'missing.pth')])
        assert code == 1
        assert 'exited with' in capsys.readouterr().err
