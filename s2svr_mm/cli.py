"""``s2svr-restore``: restore a video with S2SVR (x4 super-resolution, deblurring, compressed-
video enhancement) from the command line.

Only argument parsing and error reporting live here; the work is
:func:`s2svr_mm.apis.restore_video`. Every expected failure ends with one line on stderr,
``s2svr-restore: error: ...``, and a non-zero exit status (2: bad or missing options, 1: bad
input, output or model file, 130/143: interrupted/terminated); no traceback and no partial
output. Set ``S2SVR_RESTORE_DEBUG=1`` to see warnings and the traceback of unexpected errors.
"""
import argparse
import os
import signal
import sys
import warnings
from fractions import Fraction
from typing import List, Optional

from .apis import TASKS, restore_video
from .apis.streaming import DEFAULT_TILE_OVERLAP, ENSEMBLES, MIN_TILE
from .fileio import (DEFAULT_CRF, DEFAULT_PIX_FMT, PIX_FMTS, VIDEO_FORMATS, UserError,
                     report_line)
from .utils.malloc import pin_mmap_threshold
from .version import __version__

PROG = 's2svr-restore'
DEBUG_ENV = 'S2SVR_RESTORE_DEBUG'


class UsageError(Exception):
    """A command-line syntax error (argparse's), reported in one line with exit status 2."""


class Terminated(BaseException):
    """Raised from the SIGTERM handler so that the output's cleanup runs."""


class _Parser(argparse.ArgumentParser):
    """``ArgumentParser`` whose errors raise :class:`UsageError` instead of printing usage."""

    def error(self, message):
        raise UsageError(message)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


def _crf(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 51:
        raise ValueError(text)
    return value


def _fps(text: str) -> Fraction:
    try:
        value = Fraction(text)  # '25', '29.97', '30000/1001'
    except ZeroDivisionError:
        raise ValueError(text) from None
    if value <= 0:
        raise ValueError(text)
    return value


_positive_int.__name__ = 'positive integer'
_non_negative_int.__name__ = 'non-negative integer'
_fps.__name__ = 'frame rate'
_crf.__name__ = 'CRF (0-51)'


def build_parser() -> argparse.ArgumentParser:
    """The ``s2svr-restore`` argument parser."""
    parser = _Parser(
        prog=PROG,
        description='Restore a video with S2SVR (Lin et al., ICML 2022), streaming: frames are '
        'decoded, restored in overlapping chunks and encoded as they come.',
        epilog='Exit status: 0 done, 1 bad input/output/model file, 2 bad options, '
        f'130 interrupted (Ctrl-C), 143 terminated. Set {DEBUG_ENV}=1 for warnings and '
        'tracebacks.')
    parser.add_argument('input', metavar='INPUT',
                        help='video file FFmpeg can read, or folder of image frames (natural '
                        'order: 2.png before 10.png)')
    parser.add_argument('-o', '--output', required=True, metavar='OUTPUT',
                        help=f"video file ({', '.join(VIDEO_FORMATS)}) or folder (no "
                        'extension) for %%08d.png frames')
    parser.add_argument('--task', required=True, choices=TASKS,
                        help='sr: x4 super-resolution; deblur; decompress: compressed-video '
                        'enhancement')
    parser.add_argument('--config', help='mmengine config of the model (with --checkpoint); '
                        "default: the task's shipped model")
    parser.add_argument('--checkpoint', help='checkpoint with generator.* weights; alone, it '
                        "is read with the task's default config")
    parser.add_argument('--chunk-size', type=_positive_int, metavar='N',
                        help="frames per chunk (default: the config generator's chunk_size, "
                        'else 32); videos up to N frames are restored in one shot')
    parser.add_argument('--overlap', type=_non_negative_int, metavar='K',
                        help='context frames on each side of a chunk, < N/2 (default: the '
                        "config generator's chunk_overlap, else 4)")
    parser.add_argument('--flow-downsample', type=_positive_int, metavar='K',
                        help="estimate flows at 1/K of the input size (default: the config's; "
                        'the shipped x4 model: 1); 2 is faster and, measured, better on '
                        'frames larger than the training crops (docs/restore.md, "Speed")')
    parser.add_argument('--device', default='auto', choices=('auto', 'cpu', 'cuda'),
                        help='auto: cuda if available, else cpu (default: auto)')
    precision = parser.add_mutually_exclusive_group()
    precision.add_argument('--fp16', action='store_true', help='float16 autocast (cuda only)')
    precision.add_argument('--fp32', action='store_true',
                           help='float32 throughout on CPU (default: bfloat16 autocast where '
                           'the CPU computes it natively: 1.2x faster, within 0.03 dB)')
    parser.add_argument('--fps', type=_fps, help='output frame rate, e.g. 25 or 30000/1001; '
                        "frame i is shown at i/FPS (default: the input video's timestamps, "
                        'variable rates included; 25 for a frame folder)')
    parser.add_argument('--pix-fmt', choices=PIX_FMTS,
                        help=f'video pixel format (default: {DEFAULT_PIX_FMT}, which every '
                        'player takes; yuv444p: no chroma subsampling; rgb24: libx264rgb)')
    parser.add_argument('--crf', type=_crf, help='x264 constant rate factor, lower is better '
                        f'and larger (default: {DEFAULT_CRF})')
    parser.add_argument('--lossless', action='store_true',
                        help='lossless RGB video (libx264rgb, QP 0)')
    parser.add_argument('--no-audio', dest='audio', action='store_false',
                        help="drop the input's audio (default: copied, or re-encoded to AAC "
                        'where the container cannot hold it)')
    parser.add_argument('--tile', type=_non_negative_int, metavar='PX',
                        help='restore in overlapping tiles of PX x PX input pixels (at least '
                        f'{MIN_TILE}; 0: never tile; default: tiles sized to fit a 1 GiB '
                        'budget for the network: whole frames up to about 32,000 pixels with '
                        '32-frame chunks)')
    parser.add_argument('--tile-overlap', type=_non_negative_int, metavar='PX',
                        help='overlap of neighbouring tiles in input pixels, at most a quarter '
                        f'of the tile (default: {DEFAULT_TILE_OVERLAP})')
    parser.add_argument('--ensemble', choices=tuple(ENSEMBLES),
                        help='self-ensemble: average the restorations of the 8 flips and '
                        'transposes of every chunk (spatial-temporal: also of its reversed '
                        'frame order, 16); 8x (16x) the time (docs/restore.md, "Self-ensemble")')
    parser.add_argument('--overwrite', action='store_true',
                        help='replace an existing OUTPUT (once the new one is complete)')
    parser.add_argument('--quiet', action='store_true', help='no progress bar or summary')
    parser.add_argument('--version', action='version', version=f'%(prog)s {__version__}')
    return parser


def _error(message: str) -> None:
    """Print ``s2svr-restore: error: <message>`` as one line on stderr."""
    print(report_line(PROG, message), file=sys.stderr, flush=True)


def _note(message: str) -> None:
    """Print ``s2svr-restore: note: <message>`` as one line on stderr."""
    print(report_line(PROG, message, 'note'), file=sys.stderr, flush=True)


def _on_sigterm(signum, frame):
    raise Terminated()


def _run(args: argparse.Namespace) -> int:
    summary = restore_video(
        args.input, args.output, args.task, config=args.config, checkpoint=args.checkpoint,
        chunk_size=args.chunk_size, overlap=args.overlap, device=args.device, fp16=args.fp16,
        overwrite=args.overwrite, lossless=args.lossless, fps=args.fps,
        progress=not args.quiet, audio=args.audio, pix_fmt=args.pix_fmt, crf=args.crf,
        tile=args.tile, tile_overlap=args.tile_overlap, bf16=False if args.fp32 else None,
        flow_downsample=args.flow_downsample, ensemble=args.ensemble,
        notify=None if args.quiet else _note)
    if not args.quiet:
        (h, w) = summary.output_size
        print(f'{PROG}: wrote {summary.output} ({summary.num_frames} frames, {w}x{h}, '
              f'{float(summary.fps):g} fps)')
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    """Run ``s2svr-restore``.

    Args:
        argv (list[str], optional): Arguments without the program name. Default: sys.argv.

    Returns:
        int: Exit status (0 on success).
    """
    debug = bool(os.environ.get(DEBUG_ENV))
    try:
        args = build_parser().parse_args(argv)
    except UsageError as err:
        _error(f'{err} (see {PROG} --help)')
        return 2
    except SystemExit as err:  # --help, --version
        return err.code if isinstance(err.code, int) else 0
    pin_mmap_threshold()  # a peak memory that does not depend on chance (utils/malloc.py)
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: leave SIGTERM alone
        previous = None
    try:
        with warnings.catch_warnings():
            if not debug:
                warnings.simplefilter('ignore')
            return _run(args)
    except UserError as err:  # RestoreError, VideoIOError, ...
        _error(err)
        return err.exit_code
    except KeyboardInterrupt:
        _error('interrupted; no output written')
        return 130
    except Terminated:
        _error('terminated; no output written')
        return 143
    except Exception as err:
        if debug:
            raise
        text = ' '.join(str(err).split()) or 'no message'
        _error(f'unexpected {type(err).__name__}: {text} (set {DEBUG_ENV}=1 for the traceback)')
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == '__main__':
    sys.exit(main())
