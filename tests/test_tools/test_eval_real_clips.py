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


def run_tiny(tool, frames_root, tmp_path, out, *extra):
    """``tools/eval_real_clips.py --task sr`` on the tiny clip tree with a fresh tiny x4 S2SVR
    named ``tiny`` (written under ``tmp_path``) and ``extra`` options; the exit code."""
    config, checkpoint, _ = write_tiny_model(tmp_path, is_low_res_input=True)
    return tool.main(['--task', 'sr', '--data-root', frames_root, '--no-default', '--model',
                      'tiny', config, checkpoint, *extra, '--out-dir', str(out)])


def test_scores_a_model_against_bicubic_through_the_restore_path(tool, frames_root, tmp_path,
                                                                  capsys):
    out = tmp_path / 'out'
    assert run_tiny(tool, frames_root, tmp_path, out) == 0
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


def test_zero_flow_adds_the_ablation_of_each_s2svr_model(tool, frames_root, tmp_path):
    out = tmp_path / 'out'
    assert run_tiny(tool, frames_root, tmp_path, out, '--zero-flow') == 0
    rows = json.loads((out / 'eval_real_clips.json').read_text())
    assert {r['method'] for r in rows} == {'bicubic', 'tiny', 'tiny, flow zeroed'}
    from mmengine.config import Config
    ablation = Config.fromfile(str(out / 'configs' / 'tiny_zero_flow.py'))
    assert ablation.model.generator.zero_flow is True
    # the same weights with and without motion compensation restore differently (the tiny
    # random PWC-Lite's flows are not zero)
    restored = [sorted((out / 'sr' / name / 'pan_b').glob('*.png'))
                for name in ('tiny', 'tiny_flow_zeroed')]
    assert len(restored[0]) == len(restored[1]) > 1
    import cv2
    assert any(np.any(cv2.imread(str(a)) != cv2.imread(str(b)))
               for a, b in zip(*restored))


def test_motion_seqs_dataset_reads_gt_as_the_deblurring_target(tool, tmp_path, capsys):
    """--dataset motion_seqs: blur/ -> gt/ (the real clips' deblurring GT is sharp/)."""
    root = tmp_path / 'motion_seqs'
    rng = np.random.default_rng(0)
    import cv2
    for folder in ('gt', 'blur'):
        (root / folder / 'val_000').mkdir(parents=True)
        for i in range(2):
            cv2.imwrite(str(root / folder / 'val_000' / f'{i:08d}.png'),
                        rng.integers(0, 256, (16, 16, 3), dtype=np.uint8))
    (root / 'meta_info_motion_seqs_val.txt').write_text('val_000 2 (16, 16, 3)\n')
    out = tmp_path / 'out'
    assert tool.main(['--task', 'deblur', '--dataset', 'motion_seqs', '--data-root', str(root),
                      '--no-default', '--out-dir', str(out)]) == 0
    rows = json.loads((out / 'eval_real_clips.json').read_text())
    assert [r['clip'] for r in rows] == ['val_000', 'mean']
    assert rows[0]['method'] == 'blurred input' and rows[0]['psnr'] < 20  # unrelated noise


def test_no_ablation_row_for_a_model_that_already_runs_without_flow(tool, tmp_path):
    config, _, _ = write_tiny_model(tmp_path, is_low_res_input=True)
    from mmengine.config import Config
    cfg = Config.fromfile(config)
    cfg.model.generator.zero_flow = True
    cfg.dump(str(tmp_path / 'zero.py'))
    assert tool.zero_flow_config(str(tmp_path / 'zero.py'), str(tmp_path / 'c'), 'z') is None
    path = tool.zero_flow_config(config, str(tmp_path / 'c'), 'tiny')
    assert Config.fromfile(path).model.generator.zero_flow is True


def test_ensemble_adds_the_self_ensembled_run_of_each_model(tool, frames_root, tmp_path):
    out = tmp_path / 'out'
    assert run_tiny(tool, frames_root, tmp_path, out, '--ensemble', 'spatial') == 0
    rows = json.loads((out / 'eval_real_clips.json').read_text())
    assert {r['method'] for r in rows} == {'bicubic', 'tiny', 'tiny, spatial ensemble'}
    by = {(r['method'], r['clip']): r['psnr'] for r in rows}
    # a random tiny model is not equivariant to flips: the ensemble restores differently
    assert by[('tiny, spatial ensemble', 'mean')] != by[('tiny', 'mean')]


def test_group_means_average_the_groups_clip_rows(tool):
    def row(method, clip, psnr, ssim, gain):
        return dict(task='sr', channel='Y', method=method, clip=clip, psnr=psnr, ssim=ssim,
                    gain_db=gain)
    rows = [row('bicubic', 'a', 25.0, 0.70, 0.0), row('bicubic', 'b', 27.0, 0.80, 0.0),
            row('bicubic', 'c', 30.0, 0.90, 0.0), row('net', 'a', 26.0, 0.74, 1.0),
            row('net', 'b', 27.5, 0.82, 0.5), row('net', 'c', 29.0, 0.88, -1.0)]
    out = tool.group_means(rows, [tool.parse_group('pair=a,b'), tool.parse_group('c=c')])
    by = {(r['method'], r['clip']): r for r in out}
    assert list(by) == [('bicubic', 'pair'), ('net', 'pair'), ('bicubic', 'c'), ('net', 'c')]
    assert by[('net', 'pair')]['psnr'] == pytest.approx(26.75)
    assert by[('net', 'pair')]['ssim'] == pytest.approx(0.78)
    assert by[('net', 'pair')]['gain_db'] == pytest.approx(0.75)
    assert by[('bicubic', 'pair')]['gain_db'] == 0
    assert by[('net', 'c')]['psnr'] == 29.0 and by[('net', 'c')]['task'] == 'sr'
    with pytest.raises(ValueError, match="group 'x': clip\\(s\\) d not scored"):
        tool.group_means(rows, [('x', ['a', 'd'])])


@pytest.mark.parametrize('text', ['vtest', '=vtest', 'pair=', 'pair=,'])
def test_parse_group_rejects_malformed_groups(tool, text):
    import argparse
    with pytest.raises(argparse.ArgumentTypeError, match='NAME=CLIP'):
        tool.parse_group(text)


def test_group_rows_in_the_table_and_unknown_clips_exit_before_restoring(tool, frames_root,
                                                                          tmp_path, capsys):
    out = tmp_path / 'out'
    assert run_tiny(tool, frames_root, tmp_path, out, '--group', 'the pair=pan_b') == 0
    rows = json.loads((out / 'eval_real_clips.json').read_text())
    by = {(r['method'], r['clip']): r for r in rows}
    assert by[('tiny', 'the pair')]['psnr'] == by[('tiny', 'pan_b')]['psnr']
    assert by[('tiny', 'the pair')]['gain_db'] == by[('tiny', 'pan_b')]['gain_db']
    assert '| sr | Y | tiny | the pair |' in capsys.readouterr().out
    out2 = tmp_path / 'out2'
    assert run_tiny(tool, frames_root, tmp_path, out2, '--group', 'g=pan_b,nope') == 2
    err = capsys.readouterr().err.strip()
    assert err == 'error: --group names clip(s) not scored: nope'
    assert not out2.exists()  # nothing restored or written
