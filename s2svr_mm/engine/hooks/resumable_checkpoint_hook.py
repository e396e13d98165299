"""A CheckpointHook whose checkpoints survive crashes and resume a run exactly where it was."""
import os.path as osp
from typing import Optional

from mmengine.dist import all_gather_object, get_dist_info, is_main_process
from mmengine.hooks import CheckpointHook
from mmengine.optim import _ParamScheduler

from mmagic.registry import HOOKS
from ...fileio import atomic_write, remove_partial_files
from ..fileio import ATOMIC_BACKEND
from ..rng import get_rng_state, set_rng_state

# The entries of a parameter scheduler's state that record how far it has run; every other
# entry (`begin`, `end`, `periods`, `eta_min`, ...) is a setting that the config defines.
SCHEDULER_PROGRESS_KEYS = ('last_step', '_global_step', '_last_value', 'base_values')


@HOOKS.register_module()
class ResumableCheckpointHook(CheckpointHook):
    """mmengine's ``CheckpointHook`` with crash-safe writes and exact resumption.

    Takes every argument of ``CheckpointHook`` and changes three things:

    1. **Atomic writes.** Checkpoints under a local ``out_dir`` are written through the
       ``'local_atomic'`` file backend (:mod:`s2svr_mm.engine.fileio`: temporary file, fsync,
       ``os.replace``), and ``last_checkpoint`` is replaced atomically *after* the checkpoint it
       names is complete; with ``max_keep_ckpts`` the oldest checkpoint is deleted only after
       that (mmengine deletes it before writing the new one). A run killed while saving
       therefore leaves ``last_checkpoint`` naming the previous, complete checkpoint; the
       leftover ``.part`` file is deleted when training starts again.
    2. **Random-number streams.** Each checkpoint also stores the Python, NumPy and torch
       generator states of every rank (``checkpoint['rng_states']``, one entry per rank). On
       ``--resume`` each rank restores its own state right before the first new batch is drawn
       (mmengine's ``IterBasedTrainLoop`` first re-draws the batches already trained, which
       consumes random numbers). Validation leaves the training streams untouched (the states
       are put back after it), so whether a validation ran at the checkpoint's iteration does
       not change what the resumed run draws.
    3. **Schedules follow the config on resume.** mmengine's ``_ParamScheduler.load_state_dict``
       overwrites the scheduler's *settings* with the checkpoint's, including ``end``, which
       the runner derives from ``max_iters``: resuming with a larger ``max_iters`` keeps the
       old ``end`` and the learning rate stops changing at the old last iteration. Here only
       the progress (:data:`SCHEDULER_PROGRESS_KEYS`) comes from the checkpoint; the settings
       come from the config, and every setting that differs is logged. Steps that the
       checkpoint's range skipped at its last iterations but the configured range includes
       (the step after the old last iteration) are replayed before training continues, so
       the resumed learning rates equal those of a run that had the new settings throughout.

    Everything else (intervals, ``save_best``, ``max_keep_ckpts``, remote backends, which are
    written non-atomically as before) behaves as in ``CheckpointHook``.

    Args:
        save_rng_state (bool): Store and restore the random-number generator states (2).
            Default: True.
        *args, **kwargs: ``CheckpointHook`` arguments (``interval``, ``by_epoch``,
            ``max_keep_ckpts``, ``save_best``, ``out_dir``, ``backend_args``, ...).

    Sources: mmengine 0.10.7 ``mmengine/hooks/checkpoint_hook.py`` (the method replaced here,
    ``_save_checkpoint_with_step``), ``mmengine/runner/runner.py`` (``Runner.resume``) and
    ``mmengine/optim/scheduler/param_scheduler.py`` (``state_dict`` saves the whole
    ``__dict__``).
    """

    def __init__(self, *args, save_rng_state: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.save_rng_state = save_rng_state
        self._rng_states_to_save: Optional[list] = None  # all ranks', for the file being written
        self._rng_state_before_val: Optional[dict] = None  # this rank's, while validating
        self._rng_state_to_restore: Optional[tuple] = None  # (state, iteration) when resuming
        # (scheduler, steps to replay, its _global_step once resumed) when resuming
        self._scheduler_steps_to_replay: list = []

    # -- atomic writes ------------------------------------------------------------------------

    def before_train(self, runner) -> None:
        """Replay the scheduler steps a resume left out, select the atomic backend for a local
        ``out_dir``, set up as ``CheckpointHook`` does and delete leftover ``.part`` files."""
        self._replay_scheduler_steps()
        out_dir = str(self.out_dir or runner.work_dir)
        if self.file_client_args is None and self.backend_args is None and '://' not in out_dir:
            self.backend_args = dict(backend=ATOMIC_BACKEND)
        super().before_train(runner)
        if is_main_process():
            for directory in {runner.work_dir, self.out_dir}:
                for path in remove_partial_files(directory):
                    runner.logger.warning(f'Removed {path}: a checkpoint write that did not '
                                          'finish (the process was killed while saving)')

    def _save_checkpoint_with_step(self, runner, step, meta) -> None:
        """Write ``filename_tmpl.format(step)``, then ``last_checkpoint``, then delete the
        checkpoint that falls out of ``max_keep_ckpts``."""
        stale_step = self._update_kept_steps(runner, step)
        ckpt_filename = self.filename_tmpl.format(step)
        self.last_ckpt = self.file_backend.join_path(self.out_dir, ckpt_filename)
        runner.message_hub.update_info('last_ckpt', self.last_ckpt)
        if self.save_rng_state:  # collective: every rank reaches this point
            own = self._rng_state_before_val or get_rng_state()
            self._rng_states_to_save = all_gather_object(own)
        try:
            runner.save_checkpoint(
                self.out_dir,
                ckpt_filename,
                self.file_client_args,
                save_optimizer=self.save_optimizer,
                save_param_scheduler=self.save_param_scheduler,
                meta=meta,
                by_epoch=self.by_epoch,
                backend_args=self.backend_args,
                **self.args)
        finally:
            self._rng_states_to_save = None
        if not is_main_process():
            return
        atomic_write(str(self.last_ckpt).encode(), osp.join(runner.work_dir, 'last_checkpoint'))
        if stale_step is not None:
            self._remove_checkpoint(stale_step)

    def _update_kept_steps(self, runner, step) -> Optional[int]:
        """Record ``step`` among the kept checkpoints; return the step to delete, if any."""
        if self.max_keep_ckpts <= 0:
            return None
        if self.keep_ckpt_ids and self.keep_ckpt_ids[-1] == step:
            return None  # the same step saved again (after a new best score)
        stale_step = None
        if len(self.keep_ckpt_ids) == self.max_keep_ckpts:
            stale_step = self.keep_ckpt_ids.popleft()
        self.keep_ckpt_ids.append(step)
        runner.message_hub.update_info('keep_ckpt_ids', list(self.keep_ckpt_ids))
        return stale_step

    def _remove_checkpoint(self, step) -> None:
        path = self.file_backend.join_path(self.out_dir, self.filename_tmpl.format(step))
        if self.file_backend.isfile(path):
            self.file_backend.remove(path)
        elif self.file_backend.isdir(path):  # checkpoints saved by DeepSpeed are directories
            self.file_backend.rmtree(path)

    # -- random-number generators -------------------------------------------------------------

    def before_save_checkpoint(self, runner, checkpoint: dict) -> None:
        """Add the ranks' generator states to a checkpoint written by this hook."""
        if self._rng_states_to_save is not None:
            checkpoint['rng_states'] = self._rng_states_to_save

    def before_val(self, runner) -> None:
        """Remember the training streams before validation draws from them."""
        if self.save_rng_state:
            self._rng_state_before_val = get_rng_state()

    def after_val(self, runner) -> None:
        """Put the training streams back as they were before validation."""
        if self._rng_state_before_val is not None:
            set_rng_state(self._rng_state_before_val)
            self._rng_state_before_val = None

    def after_load_checkpoint(self, runner, checkpoint: dict) -> None:
        """Make the schedules follow the config and pick this rank's generator state."""
        self._scheduler_steps_to_replay = []
        self._keep_config_schedules(runner, checkpoint)
        self._rng_state_to_restore = None
        states = checkpoint.get('rng_states')
        if not self.save_rng_state or states is None:
            return
        rank, world_size = get_dist_info()
        if len(states) != world_size:
            runner.logger.warning(
                f'The checkpoint holds the random-number states of {len(states)} processes but '
                f'this run has {world_size}: the generators are not restored.')
            return
        self._rng_state_to_restore = (states[rank], checkpoint['meta'].get('iter'))

    def before_train_epoch(self, runner) -> None:
        """Restore this rank's generators when the run resumes the loaded checkpoint.

        ``IterBasedTrainLoop.run`` calls this hook and then draws ``runner.iter`` batches
        to skip the data already trained on; the state is restored after those draws, right
        before the first new batch (see :class:`_RestoreRNGAfterSkip`). Weights loaded with
        ``load_from`` start a new run at iteration 0 and restore nothing.
        """
        if self._rng_state_to_restore is None:
            return
        state, saved_iter = self._rng_state_to_restore
        self._rng_state_to_restore = None
        if runner.iter != saved_iter:
            return
        loop = runner.train_loop
        if runner.iter > 0 and hasattr(loop, 'dataloader_iterator'):
            loop.dataloader_iterator = _RestoreRNGAfterSkip(loop, state, skip=runner.iter)
        else:
            set_rng_state(state)
        runner.logger.info(f'Random-number generators restored to iteration {saved_iter}.')

    # -- parameter schedulers -----------------------------------------------------------------

    def _replay_scheduler_steps(self) -> None:
        """Run the steps :meth:`_keep_config_schedules` rewound, on the resumed schedulers."""
        for scheduler, steps, resumed_step in self._scheduler_steps_to_replay:
            if scheduler._global_step == resumed_step:  # not for weights loaded by `load_from`
                for _ in range(steps):
                    scheduler.step()
        self._scheduler_steps_to_replay = []

    def _keep_config_schedules(self, runner, checkpoint: dict) -> None:
        """Overwrite the settings in ``checkpoint['param_schedulers']`` with those of the
        schedulers built from the config, so that ``Runner.resume`` loads only the progress."""
        saved = checkpoint.get('param_schedulers')
        built = runner.param_schedulers
        if isinstance(saved, dict) and isinstance(built, dict):
            pairs = [(f'{name}[{i}]', s, state) for name in saved if name in built
                     for i, (s, state) in enumerate(zip(built[name], saved[name]))]
        elif isinstance(saved, list) and isinstance(built, list):
            pairs = [(f'[{i}]', s, state) for i, (s, state) in enumerate(zip(built, saved))]
        else:
            return
        changes = []
        for where, scheduler, state in pairs:
            if not isinstance(scheduler, _ParamScheduler):
                return  # not built yet: nothing to compare with
            settings = scheduler.state_dict()
            if set(settings) != set(state):
                runner.logger.warning(f'param_scheduler{where}: {type(scheduler).__name__} does '
                                      'not match the checkpoint; its state is loaded as saved')
                continue
            replay = _steps_to_replay(state, settings)
            for key, value in settings.items():
                if key in SCHEDULER_PROGRESS_KEYS or _equal(state[key], value):
                    continue
                changes.append(f'param_scheduler{where}.{key}: {state[key]!r} -> {value!r}')
                state[key] = value
            if replay is None:
                runner.logger.warning(f'param_scheduler{where}: the configured range [begin, '
                                      'end) differs from the checkpoint\'s over steps already '
                                      'taken; the resumed values follow the checkpoint there')
            elif replay:
                state['_global_step'] -= replay  # step() runs them again in before_train
                self._scheduler_steps_to_replay.append((scheduler, replay,
                                                        state['_global_step']))
                changes.append(f'param_scheduler{where}: {replay} skipped step(s) replayed')
        if changes:
            runner.logger.info('Schedule settings of the config that differ from the '
                               'checkpoint (a resumed run uses the config\'s): '
                               + '; '.join(changes))


class _RestoreRNGAfterSkip:
    """Stands in for ``IterBasedTrainLoop.dataloader_iterator`` while a run resumes.

    Passes the first ``skip`` draws (mmengine's skip of the batches already trained on)
    through, then restores ``state`` and puts the loop's own iterator back before the first
    new batch is drawn.
    """

    def __init__(self, loop, state: dict, skip: int):
        self._loop = loop
        self._iterator = loop.dataloader_iterator
        self._state = state
        self._skip = skip

    def __iter__(self):
        return self

    def __next__(self):
        if self._skip > 0:
            self._skip -= 1
        else:
            set_rng_state(self._state)
            self._loop.dataloader_iterator = self._iterator
        return next(self._iterator)


def _steps_to_replay(saved: dict, configured: dict) -> Optional[int]:
    """How many of a scheduler's last steps the checkpoint's ``[begin, end)`` skipped but the
    configured one includes (e.g. the step after the old last iteration when ``end`` grew).

    Args:
        saved (dict): The scheduler state in the checkpoint.
        configured (dict): The state of the scheduler built from the config.

    Returns:
        int | None: The number of trailing steps to run again (0: none), or None when the
        ranges differ over earlier steps, which cannot be replayed.
    """
    done = saved['_global_step']  # steps taken so far: 0 ... done
    applied = set(range(saved['begin'], min(saved['end'], done + 1)))
    wanted = set(range(configured['begin'], min(configured['end'], done + 1)))
    missed = sorted(wanted - applied)
    if applied - wanted or missed != list(range(done + 1 - len(missed), done + 1)):
        return None
    return len(missed)


def _equal(a, b) -> bool:
    """``a == b`` for config values; values that do not compare to a bool count as different."""
    try:
        return type(a) is type(b) and bool(a == b)
    except (TypeError, ValueError, RuntimeError):
        return False
