"""Helpers of the restoration tests (``tests/test_apis``, ``tests/test_cli.py``): tiny random
S2SVR models saved as a config file + mmengine-style checkpoint, and real clips (the 8 frames
of ``tests/data/tree_96x96``) as frame folders or encoded videos.

Import as ``from test_apis.restore_testing import ...`` (``tests/`` is on ``sys.path``).
"""
import glob
import os
import os.path as osp
from fractions import Fraction

import av
import cv2
import numpy as np
import torch

REPO_ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TREE_DIR = osp.join(REPO_ROOT, 'tests', 'data', 'tree_96x96')
#: Frame rate of the test clips: NTSC's, to check that a non-integer rate survives.
CLIP_FPS = Fraction(30000, 1001)

TINY_CONFIG = """\
# A tiny S2SVR (C=8, 1 block, 1 layer) for tests; the whole config, no _base_.
custom_imports = dict(imports=['s2svr_mm'], allow_failed_imports=False)
default_scope = 'mmagic'
model = dict(
    type='S2SVR',
    generator=dict(
        type='S2SVRNet', mid_channels=8, num_blocks=1, num_layers={num_layers},
        attention_radius=1, is_low_res_input={is_low_res_input},
        flow_net=dict(type='PWCLite'),
        flow_pretrained='work_dirs/no_such_flow_checkpoint.pth'),
    pixel_loss=dict(type='CharbonnierLoss', loss_weight=1.0, reduction='mean'),
    train_cfg=dict(fix_iter=0),
    data_preprocessor=dict(type='DataPreprocessor', mean=[0., 0., 0.], std=[255., 255., 255.]))
"""


def read_tree_frames():
    """The 8 real frames of ``tests/data/tree_96x96``: (96, 96, 3) ``uint8`` RGB."""
    paths = sorted(glob.glob(osp.join(TREE_DIR, '*.png')))
    return [cv2.cvtColor(cv2.imread(p), cv2.COLOR_BGR2RGB) for p in paths]


def render_blurred_pan(num_frames=8, size=(96, 96), velocity=(6.0, 3.0), exposure=1.0):
    """A camera pan over a real photograph (scikit-image's ``coffee``, a validation-only
    cut-out of the motion sequences, never a training image) rendered as the motion sequences
    are (``render_sequence``: 9 sub-frames averaged in linear light over the exposure).

    Returns:
        tuple[list, list]: ``num_frames`` blurred and sharp (h, w, 3) ``uint8`` RGB frames.
    """
    from skimage import data
    from s2svr_mm.datasets.motion_sequences import Layer, Trajectory, render_sequence
    photo = data.coffee()
    h, w = size
    trajectory = Trajectory(texture_centre=(photo.shape[1] / 2, photo.shape[0] / 2),
                            frame_centre=(w / 2, h / 2), velocity=velocity)
    seq = render_sequence([Layer(photo, trajectory)], num_frames, size, exposure=exposure)
    return seq.blurred, seq.sharp


#: Scale of the random last conv of a tiny same-size model (PyTorch's default init x this).
SAME_SIZE_HEAD_SCALE = 0.5


def write_tiny_model(root, is_low_res_input, num_layers=1, seed=0, fp16=False):
    """Write a tiny S2SVR config and a checkpoint of its random weights under ``root``.

    The config's ``flow_pretrained`` names a file that does not exist, as a trained config
    would name the flow run's work dir: loading must clear it.

    Args:
        root (str | Path): Folder to write ``tiny_<kind>.py`` and ``tiny_<kind>.pth`` to.
        is_low_res_input (bool): x4 SR model, else same-size.
        num_layers (int): Encoder/decoder layers. Default: 1.
        seed (int): Seed of the random weights. Default: 0.
        fp16 (bool): Save the weights as float16. Default: False.

    Returns:
        tuple[str, str, nn.Module]: config path, checkpoint path, and the generator (eval,
        float32, with the weights as saved).
    """
    from mmagic.registry import MODELS
    from mmagic.utils import register_all_modules
    from mmengine.config import Config
    register_all_modules(init_default_scope=True)  # the editor builds mmengine's modules
    kind = ('sr' if is_low_res_input else 'same') + ('_fp16' if fp16 else '')
    config = osp.join(str(root), f'tiny_{kind}.py')
    with open(config, 'w') as f:
        f.write(TINY_CONFIG.format(is_low_res_input=is_low_res_input, num_layers=num_layers))
    model_cfg = Config.fromfile(config).model
    model_cfg.generator.flow_pretrained = None
    torch.manual_seed(seed)
    model = MODELS.build(model_cfg)
    if not is_low_res_input:
        # a new same-size model is the identity (zero last conv); give it a residual, as a
        # trained one has, so that what the restore path does to the frames shows
        model.generator.head.conv_last.reset_parameters()
        with torch.no_grad():
            model.generator.head.conv_last.weight.mul_(SAME_SIZE_HEAD_SCALE)
    state = model.state_dict()
    if fp16:
        state = {k: v.half() if v.is_floating_point() else v for k, v in state.items()}
        model.load_state_dict(state)  # the reference sees the same rounded weights
    checkpoint = osp.join(str(root), f'tiny_{kind}.pth')
    torch.save({'state_dict': state, 'meta': {}}, checkpoint)
    return config, checkpoint, model.generator.float().eval()


def restore_reference(generator, frames, chunk_size=None, overlap=0):
    """Restore frames with the network's own entry points, as ``uint8`` RGB.

    ``forward_one_shot`` (or ``forward_chunked`` with ``chunk_size``), clipped to [0, 1],
    scaled by 255 and rounded; with the weights in ``torch.channels_last`` (converted in
    place), as ``s2svr-restore`` runs on CPU, so that the CLI's frames are expected exactly.

    Args:
        generator (S2SVRNet): The network.
        frames (list[np.ndarray]): (h, w, 3) ``uint8`` RGB.
        chunk_size (int, optional): Use ``forward_chunked(chunk_size, overlap)``.
        overlap (int): See ``chunk_size``.

    Returns:
        list[np.ndarray]: (s*h, s*w, 3) ``uint8`` RGB.
    """
    lqs = torch.from_numpy(np.stack(frames)).permute(0, 3, 1, 2)[None].float() / 255
    generator = generator.to(memory_format=torch.channels_last)
    with torch.no_grad():
        if chunk_size is None:
            out = generator.forward_one_shot(lqs)
        else:
            out = generator.forward_chunked(lqs, chunk_size, overlap)
    out = (out[0].clamp(0, 1) * 255).round().to(torch.uint8)
    return list(out.permute(0, 2, 3, 1).numpy())


def encode_clip(path, frames, fps=CLIP_FPS, lossless=True, container_format=None, audio=None,
                rotation=None, times=None, time_base=None):
    """Encode RGB frames (and a tone) into a video with PyAV (independently of ``s2svr_mm``).

    Args:
        path (str | Path): Output file.
        frames (list[np.ndarray]): (h, w, 3) ``uint8`` RGB, even sizes unless lossless.
        fps (Fraction): Frame rate. Default: :data:`CLIP_FPS`.
        lossless (bool): libx264rgb QP 0 (decodes to the same RGB), else libx264 yuv420p
            CRF 18. Default: True.
        container_format (str, optional): FFmpeg muxer; default: from the suffix.
        audio (str, optional): Audio codec (e.g. 'aac', 'pcm_s16le') of a stereo 48 kHz
            440 Hz tone as long as the video (len(frames) / fps). Default: None (no audio).
        rotation (int, optional): Display rotation in degrees (counter-clockwise).
        times (list[Fraction], optional): Presentation time of each frame in seconds
            (variable frame rate), multiples of ``time_base``. Default: i / fps.
        time_base (Fraction, optional): The video encoder's time base. Default: 1 / fps.

    Returns:
        str: ``path``.
    """
    path = str(path)
    time_base = time_base or 1 / Fraction(fps)
    with av.open(path, 'w', format=container_format) as container:
        stream = container.add_stream('libx264rgb' if lossless else 'libx264', rate=fps)
        stream.height, stream.width = frames[0].shape[:2]
        stream.pix_fmt = 'rgb24' if lossless else 'yuv420p'
        stream.options = {'qp': '0'} if lossless else {'crf': '18'}
        stream.codec_context.time_base = time_base
        if rotation is not None:
            stream.set_display_rotation(rotation)
        if audio is not None:
            _encode_tone(container, audio, len(frames) / Fraction(fps))
        for i, frame in enumerate(frames):
            video_frame = av.VideoFrame.from_ndarray(frame, format='rgb24')
            video_frame.time_base = time_base
            video_frame.pts = round((times[i] if times else i / Fraction(fps)) / time_base)
            container.mux(stream.encode(video_frame))
        container.mux(stream.encode(None))
    return path


def _encode_tone(container, codec, seconds, rate=48000):
    """Add an audio stream holding a stereo 440 Hz tone of ``seconds`` to ``container``."""
    stream = container.add_stream(codec, rate=rate, layout='stereo')
    samples = round(seconds * rate)
    tone = 0.3 * np.sin(2 * np.pi * 440 * np.arange(samples) / rate).astype(np.float32)
    frame = av.AudioFrame.from_ndarray(np.stack([tone, tone]), format='fltp', layout='stereo')
    frame.sample_rate, frame.pts = rate, 0
    container.mux(stream.encode(frame))
    container.mux(stream.encode(None))


def probe(path):
    """What a player sees in a video file: a dict with the video's ``pix_fmt``,
    ``average_rate``, ``rotation`` (degrees, from the first frame), ``frames`` (count),
    ``times`` (each frame's presentation time, seconds) and ``audio``: a list of (codec name,
    seconds decoded) per audio stream."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = list(container.decode(stream))
        info = dict(pix_fmt=stream.codec_context.pix_fmt, average_rate=stream.average_rate,
                    rotation=frames[0].rotation, frames=len(frames),
                    times=[f.pts * stream.time_base for f in frames])
    audio = []
    with av.open(str(path)) as container:
        for stream in container.streams.audio:
            samples = sum(f.samples for f in container.decode(stream))
            audio.append((stream.codec_context.name, Fraction(samples, stream.rate)))
    info['audio'] = audio
    return info


def read_video(path):
    """Decode a video with PyAV: (list of (h, w, 3) ``uint8`` RGB frames, average rate)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [f.to_ndarray(format='rgb24') for f in container.decode(stream)]
        return frames, stream.average_rate


def write_folder(folder, frames, names=None):
    """Write frames as images (``{:08d}.png`` unless ``names``); arrays as cv2 takes them
    after RGB -> BGR for 3-channel frames (gray and 4-channel arrays are written as given).

    Returns:
        str: ``folder``.
    """
    folder = str(folder)
    os.makedirs(folder, exist_ok=True)
    for i, frame in enumerate(frames):
        name = names[i] if names else f'{i:08d}.png'
        img = cv2.cvtColor(frame, cv2.COLOR_RGB2BGR) if frame.ndim == 3 and \
            frame.shape[2] == 3 else frame
        assert cv2.imwrite(osp.join(folder, name), img)
    return folder


def read_folder(folder):
    """Read ``*.png`` of a folder in name order as RGB: (names, frames)."""
    names = sorted(n for n in os.listdir(str(folder)) if n.endswith('.png'))
    return names, [cv2.cvtColor(cv2.imread(osp.join(str(folder), n)), cv2.COLOR_BGR2RGB)
                   for n in names]
