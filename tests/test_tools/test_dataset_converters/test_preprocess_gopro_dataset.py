import copy
import os
import os.path as osp

import cv2
import numpy as np
import pytest
from mmagic.registry import DATASETS
from mmengine import Config

TOOL = 'tools/dataset_converters/gopro/preprocess_gopro_dataset.py'
SEQS = {'train': {'GOPR0001_07_00': (47, 50)}, 'test': {'GOPR0002_11_00': (4001, 4003)}}


def make_gopro(root):
    """A tiny GOPRO_Large: frames 8x12 named from a sequence-specific start; blur frames hold
    the value 200 - index, sharp frames 10 + index in channel 0."""
    for split, seqs in SEQS.items():
        for seq, (first, last) in seqs.items():
            for kind, value, sign in (('blur', 200, -1), ('blur_gamma', 150, -1),
                                      ('sharp', 10, 1)):
                folder = osp.join(root, split, seq, kind)
                os.makedirs(folder)
                for k, index in enumerate(range(first, last + 1)):
                    img = np.zeros((8, 12, 3), np.uint8)
                    img[..., 0] = value + sign * k
                    cv2.imwrite(osp.join(folder, f'{index:06d}.png'), img)
    return root


def test_convert(load_tool, tmp_path):
    root = make_gopro(str(tmp_path / 'GOPRO_Large'))
    out = str(tmp_path / 'GoPro')
    assert load_tool(TOOL).main(['--root', root, '--out', out]) == 0
    folder = osp.join(out, 'train', 'blur', 'GOPR0001_07_00')
    assert sorted(os.listdir(folder)) == [f'{k:08d}.png' for k in range(4)]
    for kind, values in (('blur', [200, 199, 198, 197]), ('sharp', [10, 11, 12, 13])):
        read = [cv2.imread(osp.join(out, 'train', kind, 'GOPR0001_07_00', f'{k:08d}.png'))
                for k in range(4)]
        assert [int(img[0, 0, 0]) for img in read] == values
    with open(osp.join(out, 'meta_info_GoPro_test.txt')) as f:
        assert f.read().splitlines() == ['GOPR0002_11_00 3 (8, 12, 3)']
    assert load_tool(TOOL).main(['--root', root, '--out', out]) == 1  # exists, no --force

    assert load_tool(TOOL).main(['--root', root, '--out', out, '--force', '--mode', 'hardlink',
                                 '--blur-dir', 'blur_gamma']) == 0
    img = osp.join(out, 'test', 'blur', 'GOPR0002_11_00', '00000000.png')
    assert cv2.imread(img)[0, 0, 0] == 150 and os.stat(img).st_nlink == 2


def test_output_feeds_the_gopro_config(load_tool, tmp_path, repo_root):
    root = make_gopro(str(tmp_path / 'GOPRO_Large'))
    out = str(tmp_path / 'GoPro')
    assert load_tool(TOOL).main(['--root', root, '--out', out]) == 0
    cfg = Config.fromfile(str(repo_root / 'configs/_base_/datasets/gopro.py'))
    dataset_cfg = copy.deepcopy(cfg.val_dataloader.dataset)
    dataset_cfg.data_root = out
    sample = DATASETS.build(dataset_cfg)[0]
    assert tuple(sample['inputs'].shape) == (3, 3, 8, 12)
    # written with cv2 (BGR) in channel 0, loaded as RGB: channel 2
    assert [int(v) for v in sample['data_samples'].gt_img[:, 2, 0, 0]] == [10, 11, 12]


def test_malformed_input_leaves_nothing(load_tool, tmp_path, capsys):
    root = make_gopro(str(tmp_path / 'GOPRO_Large'))
    os.remove(osp.join(root, 'test', 'GOPR0002_11_00', 'sharp', '004002.png'))
    out = tmp_path / 'GoPro'
    assert load_tool(TOOL).main(['--root', root, '--out', str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith('preprocess_gopro_dataset: error:') and 'differ' in err
    assert not out.exists() and sorted(os.listdir(tmp_path)) == ['GOPRO_Large']
    assert load_tool(TOOL).main(['--root', str(tmp_path / 'nope'), '--out', str(out)]) == 1
    assert 'split folder not found' in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        load_tool(TOOL).main(['--help'])
    assert exc.value.code == 0 and '--blur-dir' in capsys.readouterr().out
