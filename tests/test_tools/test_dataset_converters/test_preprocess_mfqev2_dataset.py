import copy
import os
import os.path as osp

import cv2
import numpy as np
import pytest
from mmagic.evaluation.metrics.psnr import psnr
from mmagic.registry import DATASETS
from mmengine import Config

from s2svr_mm.datasets import read_ann_file
from s2svr_mm.fileio import read_frames

TOOL = 'tools/dataset_converters/mfqev2/preprocess_mfqev2_dataset.py'
DATA = osp.join(osp.dirname(__file__), '..', '..', 'data', 'tree_96x96')


def write_yuv(path, frames):
    """Write RGB frames as raw I420 (the MFQEv2 format)."""
    with open(path, 'wb') as f:
        for frame in frames:
            f.write(cv2.cvtColor(frame, cv2.COLOR_RGB2YUV_I420).tobytes())


@pytest.fixture
def mfqe_root(tmp_path):
    """train_108/raw/Tree_96x96_8.yuv (a real clip) and test_18/raw/Leaf_64x48_3.yuv."""
    frames = read_frames(DATA)
    train, test = tmp_path / 'MFQEv2' / 'train_108' / 'raw', tmp_path / 'MFQEv2' / 'test_18' / 'raw'
    train.mkdir(parents=True)
    test.mkdir(parents=True)
    write_yuv(train / 'Tree_96x96_8.yuv', frames)
    write_yuv(test / 'Leaf_64x48_3.yuv', [f[:48, :64] for f in frames[:3]])
    return tmp_path / 'MFQEv2'


def test_convert(load_tool, mfqe_root, tmp_path):
    out = str(tmp_path / 'out')
    args = ['--root', str(mfqe_root), '--out', out, '--qp', '37', '22', '--preset', 'ultrafast']
    assert load_tool(TOOL).main(args) == 0
    assert read_ann_file(osp.join(out, 'meta_info_MFQEv2_train.txt')) == [
        ('Tree', 8, (96, 96, 3))]
    assert read_ann_file(osp.join(out, 'meta_info_MFQEv2_test.txt')) == [
        ('Leaf', 3, (48, 64, 3))]
    gt = read_frames(osp.join(out, 'gt', 'Tree'))
    raw = np.fromfile(mfqe_root / 'train_108' / 'raw' / 'Tree_96x96_8.yuv', np.uint8)
    expected = [cv2.cvtColor(p, cv2.COLOR_YUV2RGB_I420) for p in raw.reshape(8, 144, 96)]
    np.testing.assert_array_equal(np.stack(gt), np.stack(expected))
    y_psnr = {}
    for qp in (22, 37):
        hevc = read_frames(osp.join(out, f'hevc_qp{qp}', 'Tree'))
        assert len(hevc) == 8 and hevc[0].shape == (96, 96, 3)
        y_psnr[qp] = np.mean([psnr(g, h, convert_to='Y') for g, h in zip(gt, hevc)])
    assert 24 < y_psnr[37] < y_psnr[22] - 5
    assert len(read_frames(osp.join(out, 'hevc_qp37', 'Leaf'))) == 3

    # resumes: complete sequences are skipped
    stamp = os.stat(osp.join(out, 'hevc_qp37', 'Tree', '00000000.png')).st_mtime_ns
    assert load_tool(TOOL).main(args) == 0
    assert os.stat(osp.join(out, 'hevc_qp37', 'Tree', '00000000.png')).st_mtime_ns == stamp


def test_max_frames_and_config(load_tool, mfqe_root, tmp_path, repo_root):
    out = str(tmp_path / 'out')
    assert load_tool(TOOL).main(['--root', str(mfqe_root), '--out', out, '--max-frames', '4',
                                 '--preset', 'ultrafast']) == 0
    assert len(read_frames(osp.join(out, 'gt', 'Tree'))) == 4
    cfg = Config.fromfile(str(repo_root / 'configs/_base_/datasets/mfqev2_qp37.py'))
    dataset_cfg = copy.deepcopy(cfg.train_dataloader.dataset)
    dataset_cfg.update(data_root=out, num_input_frames=3)
    for step in dataset_cfg.pipeline:
        if step.type == 'PairedRandomCrop':
            step.gt_patch_size = 32
    sample = DATASETS.build(dataset_cfg)[0]
    assert tuple(sample['inputs'].shape) == (3, 3, 32, 32)
    assert tuple(sample['data_samples'].gt_img.shape) == (3, 3, 32, 32)


@pytest.mark.parametrize('name,message', [
    ('Tree_96x96_9.yuv', 'expected'),  # 8 frames of data, the name says 9
    ('Tree_96x96.yuv', '<name>_<W>x<H>_<frames>.yuv'),
    ('Tree_95x96_8.yuv', 'even'),
])
def test_malformed_files(load_tool, mfqe_root, tmp_path, capsys, name, message):
    raw = mfqe_root / 'train_108' / 'raw'
    os.rename(raw / 'Tree_96x96_8.yuv', raw / name)
    assert load_tool(TOOL).main(['--root', str(mfqe_root), '--out', str(tmp_path / 'o')]) == 1
    err = capsys.readouterr().err
    assert err.startswith('preprocess_mfqev2_dataset: error:') and message in err
    assert not (tmp_path / 'o').exists()


def test_missing_split_and_help(load_tool, mfqe_root, tmp_path, capsys):
    tool = load_tool(TOOL)
    for name in os.listdir(mfqe_root / 'test_18' / 'raw'):
        os.remove(mfqe_root / 'test_18' / 'raw' / name)
    assert tool.main(['--root', str(mfqe_root), '--out', str(tmp_path / 'o')]) == 1
    assert 'no .yuv files' in capsys.readouterr().err
    assert tool.main(['--root', str(tmp_path / 'nope'), '--out', str(tmp_path / 'o')]) == 1
    assert 'raw folder not found' in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        tool.main(['--help'])
    assert exc.value.code == 0 and '--qp' in capsys.readouterr().out
