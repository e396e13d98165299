"""tools/measure_output_crf.py: restored frames through the command's writer and reader,
scored against the CRF."""
import json

import pytest


@pytest.fixture(scope='module')
def tool(load_tool):
    return load_tool('tools/measure_output_crf.py')


def test_quality_falls_and_size_shrinks_with_the_crf(tool, frames_root, tmp_path, capsys):
    out = tmp_path / 'crf'
    code = tool.main(['--clips', 'pan_a', '--data-root', str(frames_root), '--crfs', '0', '30',
                      '--pix-fmts', 'yuv420p', 'yuv444p', '--out-dir', str(out)])
    assert code == 0
    rows = json.loads((out / 'output_crf.json').read_text())['rows']
    assert [(r['pix_fmt'], r['crf']) for r in rows] == [
        ('png', None), ('yuv420p', 0), ('yuv420p', 30), ('yuv444p', 0), ('yuv444p', 30)]
    png, yuv420_0, yuv420_30, yuv444_0, yuv444_30 = rows
    assert yuv444_0['psnr_restored'] > 50  # CRF 0 is lossless in YUV: only rounding is lost
    assert yuv420_0['psnr_restored_rgb'] < yuv444_0['psnr_restored_rgb']  # 4:2:0 costs chroma
    for lossless, lossy in ((yuv420_0, yuv420_30), (yuv444_0, yuv444_30)):
        assert lossy['psnr_restored'] < lossless['psnr_restored']
        assert lossy['bits_per_pixel'] < lossless['bits_per_pixel'] / 4
    assert '| PNG (exact) |' in capsys.readouterr().out


def test_missing_clip_exits_1(tool, tmp_path, capsys):
    assert tool.main(['--clips', 'none', '--data-root', str(tmp_path)]) == 1
    assert "no clip 'bix4/none'" in capsys.readouterr().err
