"""Frame I/O and safe outputs: video files (PyAV), folders of frames, atomic outputs, user
errors. Nothing here imports the models, the APIs or the CLI."""
from .atomic import AtomicOutput, atomic_write, remove_partial_files
from .errors import DatasetError, UserError, VideoIOError, reason, report_line
from .frame_folders import (FRAME_TMPL, IMAGE_EXTENSIONS, FolderWriter, FrameFolderReader,
                            list_frames, natural_sort_key, read_frame, read_frames, to_rgb,
                            write_frames)
from .paths import (VIDEO_FORMATS, OutputSpec, SequenceOutput, check_output, open_frames,
                    open_writer)
from .video_readers import (DEFAULT_FPS, FrameReader, VideoFileReader, decode_frames,
                            display_matrix, packet_time)
from .video_writers import (AAC_BIT_RATE_PER_CHANNEL, DEFAULT_CRF, DEFAULT_PIX_FMT,
                            LOOKAHEAD_PIXELS, PIX_FMTS, VideoWriter, encode_video)

__all__ = [
    'AtomicOutput', 'atomic_write', 'remove_partial_files', 'DatasetError', 'UserError',
    'VideoIOError', 'reason', 'report_line', 'FRAME_TMPL', 'IMAGE_EXTENSIONS', 'FolderWriter',
    'FrameFolderReader', 'list_frames', 'natural_sort_key', 'read_frame', 'read_frames',
    'to_rgb', 'write_frames', 'VIDEO_FORMATS', 'OutputSpec', 'SequenceOutput', 'check_output',
    'open_frames', 'open_writer', 'DEFAULT_FPS', 'FrameReader', 'VideoFileReader',
    'decode_frames', 'display_matrix', 'packet_time', 'AAC_BIT_RATE_PER_CHANNEL', 'DEFAULT_CRF',
    'DEFAULT_PIX_FMT', 'LOOKAHEAD_PIXELS', 'PIX_FMTS', 'VideoWriter', 'encode_video'
]
