import copy
import os
import os.path as osp
import zipfile

import numpy as np
import pytest
from mmagic.registry import DATASETS
from mmengine import Config

from s2svr_mm.fileio import write_frames

TOOL = 'tools/dataset_converters/reds/preprocess_reds_dataset.py'
TRAIN_CLIPS = ('000', '001', '011', '015', '020')
VAL_CLIPS = ('000', '001')
FRAMES = 3


def write_clip(folder, clip, value, size=(8, 12)):
    frames = [np.full(size + (3, ), value + k, np.uint8) for k in range(FRAMES)]
    write_frames(frames, osp.join(folder, clip))


def make_reds(root):
    """A tiny REDS tree: GT 8x12 and bicubic 2x3, for train 000..020 and val 000..001; a
    frame's value is 100 for val clips, 10 for train clips (+ its index)."""
    for subset, clips, value in (('train', TRAIN_CLIPS, 10), ('val', VAL_CLIPS, 100)):
        for clip in clips:
            write_clip(osp.join(root, f'{subset}_sharp'), clip, value)
            write_clip(osp.join(root, f'{subset}_sharp_bicubic', 'X4'), clip, value, (2, 3))
    return root


def read_lines(path):
    with open(path) as f:
        return f.read().splitlines()


def test_merge_and_annotation_files(load_tool, tmp_path):
    root = make_reds(str(tmp_path))
    assert load_tool(TOOL).main(['--root-path', root]) == 0
    for kind in ('train_sharp', osp.join('train_sharp_bicubic', 'X4')):
        assert sorted(os.listdir(osp.join(root, kind))) == sorted(TRAIN_CLIPS + ('240', '241'))
    assert not osp.exists(osp.join(root, 'val_sharp'))
    assert not osp.exists(osp.join(root, 'val_sharp_bicubic'))
    # val clip 001 became train clip 241 (its frames carry the val value 100)
    import cv2
    assert cv2.imread(osp.join(root, 'train_sharp', '241', '00000002.png'))[0, 0, 0] == 102

    val = read_lines(osp.join(root, 'meta_info_reds4_val.txt'))
    assert val[:FRAMES + 1] == ['000/00000000.png (8, 12, 3)', '000/00000001.png (8, 12, 3)',
                                '000/00000002.png (8, 12, 3)', '011/00000000.png (8, 12, 3)']
    assert len(val) == 4 * FRAMES
    train = read_lines(osp.join(root, 'meta_info_reds4_train.txt'))
    assert sorted({line[:3] for line in train}) == ['001', '240', '241']
    assert {line[:3] for line in read_lines(osp.join(root, 'meta_info_official_val.txt'))} \
        == {'240', '241'}
    assert len(read_lines(osp.join(root, 'meta_info_REDS_GT.txt'))) == 7 * FRAMES

    # idempotent: a second run only rewrites the same annotation files
    assert load_tool(TOOL).main(['--root-path', root]) == 0
    assert read_lines(osp.join(root, 'meta_info_reds4_val.txt')) == val


def test_annotations_feed_the_reds4_config(load_tool, tmp_path, repo_root):
    root = make_reds(str(tmp_path))
    assert load_tool(TOOL).main(['--root-path', root]) == 0
    cfg = Config.fromfile(str(repo_root / 'configs/_base_/datasets/reds4_bix4.py'))
    dataset_cfg = copy.deepcopy(cfg.val_dataloader.dataset)
    dataset_cfg.update(data_root=root, num_input_frames=FRAMES, fixed_seq_len=FRAMES)
    dataset = DATASETS.build(dataset_cfg)
    assert [dataset.get_data_info(i)['key'] for i in range(len(dataset))] == [
        '000', '011', '015', '020']
    sample = dataset[0]
    assert tuple(sample['inputs'].shape) == (FRAMES, 3, 2, 3)
    assert tuple(sample['data_samples'].gt_img.shape) == (FRAMES, 3, 8, 12)


def test_zip_archives_are_extracted(load_tool, tmp_path):
    src = make_reds(str(tmp_path / 'src'))
    root = tmp_path / 'REDS'
    root.mkdir()
    for name in ('train_sharp', 'val_sharp'):  # the official nesting: train/train_sharp/000/...
        with zipfile.ZipFile(root / f'{name}.zip', 'w') as zf:
            for folder, _, files in os.walk(osp.join(src, name)):
                for file in files:
                    rel = osp.relpath(osp.join(folder, file), src)
                    zf.write(osp.join(folder, file), osp.join(name.split('_')[0], rel))
    assert load_tool(TOOL).main(['--root-path', str(root)]) == 0
    assert sorted(os.listdir(root / 'train_sharp')) == sorted(TRAIN_CLIPS + ('240', '241'))
    assert len(read_lines(root / 'meta_info_reds4_val.txt')) == 4 * FRAMES


def test_missing_reds4_clip(load_tool, tmp_path, capsys):
    root = make_reds(str(tmp_path))
    os.rename(osp.join(root, 'train_sharp', '015'), osp.join(root, 'train_sharp', '016'))
    assert load_tool(TOOL).main(['--root-path', root]) == 1
    assert "REDS4 clips ['015'] missing" in capsys.readouterr().err


def test_clash_moves_nothing(load_tool, tmp_path, capsys):
    root = make_reds(str(tmp_path))
    write_clip(osp.join(root, 'train_sharp_bicubic', 'X4'), '241', 0, (2, 3))
    assert load_tool(TOOL).main(['--root-path', root]) == 1
    assert 'already exists' in capsys.readouterr().err
    assert sorted(os.listdir(osp.join(root, 'val_sharp'))) == list(VAL_CLIPS)  # not moved
    assert '240' not in os.listdir(osp.join(root, 'train_sharp'))


def test_missing_root_and_help(load_tool, tmp_path, capsys):
    tool = load_tool(TOOL)
    assert tool.main(['--root-path', str(tmp_path / 'nope')]) == 1
    assert capsys.readouterr().err.startswith('preprocess_reds_dataset: error:')
    assert tool.main(['--root-path', str(tmp_path)]) == 1  # empty: no train_sharp clips
    assert 'no clips' in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        tool.main(['--help'])
    assert exc.value.code == 0 and '--root-path' in capsys.readouterr().out
