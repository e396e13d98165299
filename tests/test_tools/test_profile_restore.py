"""tools/profile_restore.py: stages that add up to the wall time, variants side by side, quality
per variant and the tiled-vs-untiled comparison."""
import json
import os.path as osp

import pytest


@pytest.fixture(scope='module')
def tool(load_tool):
    return load_tool('tools/profile_restore.py')


def test_variants_side_by_side_with_stages(tool, frames_root, tmp_path, capsys):
    out = tmp_path / 'profile'
    code = tool.main(['--size', '32', '48', '--frames', '3', '--variants', 'before', 'after',
                      '--source', osp.join(frames_root, 'gt', 'pan_a'), '--tiles', '32', '48',
                      '--tile-overlap', '8', '--clips', 'pan_a', '--data-root',
                      str(frames_root), '--out-dir', str(out)])
    assert code == 0
    report = json.loads((out / 'profile_restore.json').read_text())
    speed = report['speed']
    assert list(speed) == ['before', 'after']
    for row in speed.values():
        assert row['frames'] == 3 and row['fps'] > 0 and len(row['walls']) == 1
        assert sum(row['ms_per_frame'].values()) == pytest.approx(1000 / row['fps'])
        assert row['ms_per_frame']['flow'] > 0 and row['ms_per_frame']['encode'] > 0
    assert speed['before']['tile_shape'] == [32, 48]  # untiled
    assert set(report['quality']) == {'before', 'after'}
    assert 15 < report['quality']['before']['pan_a'] < 60
    tiling = {r['tile']: r for r in report['tiling']}
    assert tiling[48]['max'] == 0  # a tile as large as the frame: exactly the untiled path
    assert tiling[32]['max'] > 0
    assert '| before |' in capsys.readouterr().out


def test_missing_source_exits_1(tool, tmp_path, capsys):
    assert tool.main(['--source', str(tmp_path / 'none'), '--out-dir', str(tmp_path)]) == 1
    assert 'no frames' in capsys.readouterr().err


def test_ensemble_variants_run_the_network_once_per_ensemble_member(tool, frames_root, tmp_path,
                                                                    monkeypatch):
    """after-ens8 restores the same video as after with 8 runs of the network: 8 times the flow
    calls (counted, not timed)."""
    from s2svr_mm.apis.streaming import ENSEMBLES
    from s2svr_mm.models.backbones.s2svr_net import S2SVRNet
    count, calls = [0], {}
    compute_flow, restore_video = S2SVRNet.compute_flow, tool.restore_video

    def counted_flow(self, *args, **kwargs):
        count[0] += 1
        return compute_flow(self, *args, **kwargs)

    def recorded_restore(src, dst, *args, **kwargs):
        before = count[0]
        summary = restore_video(src, dst, *args, **kwargs)
        calls[osp.basename(dst)] = count[0] - before
        return summary

    monkeypatch.setattr(S2SVRNet, 'compute_flow', counted_flow)
    monkeypatch.setattr(tool, 'restore_video', recorded_restore)
    out = tmp_path / 'profile'
    code = tool.main(['--size', '32', '48', '--frames', '3', '--variants', 'after', 'after-ens8',
                      '--source', osp.join(frames_root, 'gt', 'pan_a'), '--out-dir', str(out)])
    assert code == 0
    speed = json.loads((out / 'profile_restore.json').read_text())['speed']
    assert speed['after-ens8']['options'] == {'ensemble': 'spatial'}
    assert calls['after.mp4'] > 0
    assert calls['after-ens8.mp4'] == 8 * calls['after.mp4']
    assert ENSEMBLES['spatial'].runs == 8  # the table of ensemble shapes says what ran
