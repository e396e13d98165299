import copy
import os
import os.path as osp

import cv2
import numpy as np
import pytest
from mmagic.registry import DATASETS
from mmengine import Config

from s2svr_mm.datasets import bd_downsample, bicubic_downsample

TOOL = 'tools/dataset_converters/vimeo90k/preprocess_vimeo90k_dataset.py'
TRAIN = ['00001/0001', '00001/0002']
TEST = ['00002/0001']


def make_vimeo(root, seed=0):
    """A tiny vimeo_septuplet: 16x24 random septuplets and the two lists."""
    rng = np.random.default_rng(seed)
    for clip in TRAIN + TEST:
        os.makedirs(osp.join(root, 'sequences', clip))
        for i in range(1, 8):
            cv2.imwrite(osp.join(root, 'sequences', clip, f'im{i}.png'),
                        rng.integers(0, 256, (16, 24, 3), dtype=np.uint8))
    for name, clips in (('sep_trainlist.txt', TRAIN), ('sep_testlist.txt', TEST)):
        with open(osp.join(root, name), 'w') as f:
            f.write('\n'.join(clips) + '\n')
    return root


def test_annotations_and_lq(load_tool, tmp_path):
    root = make_vimeo(str(tmp_path))
    assert load_tool(TOOL).main(['--data-root', root, '--n-thread', '1']) == 0
    with open(osp.join(root, 'meta_info_Vimeo90K_train_GT.txt')) as f:
        assert f.read().splitlines() == ['00001/0001 7 (16, 24, 3)', '00001/0002 7 (16, 24, 3)']
    with open(osp.join(root, 'meta_info_Vimeo90K_test_GT.txt')) as f:
        assert f.read().splitlines() == ['00002/0001 7 (16, 24, 3)']
    assert osp.realpath(osp.join(root, 'GT')) == osp.realpath(osp.join(root, 'sequences'))
    gt = cv2.imread(osp.join(root, 'GT', '00002/0001', 'im5.png'))
    bi = cv2.imread(osp.join(root, 'BIx4', '00002/0001', 'im5.png'))
    bd = cv2.imread(osp.join(root, 'BDx4', '00002/0001', 'im5.png'))
    np.testing.assert_array_equal(bi, bicubic_downsample(gt, 4))
    np.testing.assert_array_equal(bd, bd_downsample(gt, 4))
    for folder in ('BIx4', 'BDx4'):
        for clip in TRAIN + TEST:
            assert sorted(os.listdir(osp.join(root, folder, clip))) == [
                f'im{i}.png' for i in range(1, 8)]

    # resumes: complete clips are skipped (their files are not rewritten)
    stamp = os.stat(osp.join(root, 'BIx4', TRAIN[0], 'im1.png')).st_mtime_ns
    assert load_tool(TOOL).main(['--data-root', root, '--n-thread', '1']) == 0
    assert os.stat(osp.join(root, 'BIx4', TRAIN[0], 'im1.png')).st_mtime_ns == stamp


def test_output_feeds_the_vimeo_config(load_tool, tmp_path, repo_root):
    root = make_vimeo(str(tmp_path / 'vimeo90k'))
    assert load_tool(TOOL).main(['--data-root', root, '--n-thread', '1']) == 0
    cfg = Config.fromfile(str(repo_root / 'configs/_base_/datasets/vimeo90k_bix4.py'))
    dataset_cfg = copy.deepcopy(cfg.train_dataloader.dataset)
    dataset_cfg.data_root = root
    for step in dataset_cfg.pipeline:
        if step.type == 'PairedRandomCrop':
            step.gt_patch_size = 16
    dataset = DATASETS.build(dataset_cfg)
    assert len(dataset) == 2
    sample = dataset[0]
    assert tuple(sample['inputs'].shape) == (14, 3, 4, 4)  # 7 frames, mirrored
    assert tuple(sample['data_samples'].gt_img.shape) == (14, 3, 16, 16)


def test_errors(load_tool, tmp_path, capsys):
    tool = load_tool(TOOL)
    root = make_vimeo(str(tmp_path))
    os.remove(osp.join(root, 'sequences', TRAIN[1], 'im6.png'))
    assert tool.main(['--data-root', root, '--no-lq']) == 1
    assert 'missing frame' in capsys.readouterr().err
    with open(osp.join(root, 'sep_testlist.txt'), 'w') as f:
        f.write('00002-0001\n')
    assert tool.main(['--data-root', root, '--no-lq']) == 1
    assert 'expected <seq>/<clip>' in capsys.readouterr().err
    assert tool.main(['--data-root', str(tmp_path / 'nope')]) == 1
    assert capsys.readouterr().err.startswith('preprocess_vimeo90k_dataset: error:')
    with pytest.raises(SystemExit) as exc:
        tool.main(['--help'])
    assert exc.value.code == 0 and '--data-root' in capsys.readouterr().out
