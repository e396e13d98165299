"""Distillation of optical flow (Lin et al., ICML 2022, Section 3.3, Alg. 1) as an mmengine
model trained by MMagic's runner, with an optional supervised warm start."""
import torch
from mmengine.model import BaseModel

from mmagic.registry import MODELS
from mmagic.structures import DataSample

from ...utils.checkpoint import load_flow_net_weights

STAGES = ('supervised', 'teacher', 'student')
STUDENT_INITS = ('teacher', None)


@MODELS.register_module()
class FlowPretrainer(BaseModel):
    """The two stages of Alg. 1, plus an optional supervised warm start.

    * ``stage='teacher'`` (Alg. 1 step 1): ``teacher`` (a PWC-Lite) learns from HQ frame pairs
      (``data_samples.gt_img``) without labels, ``L_ph + L_sm`` (Eq. 11-13; ARFlow's
      ``0.15 L1 + 0.85 SSIM`` photometric term and ``50 x`` first-order smoothness of
      flow / min(h, w), see ``PhotometricLoss`` and ``SmoothnessLoss``), both flow directions
      averaged (ARFlow ``"with_bk": true``). ``teacher_pretrained``, when given, is the starting
      point (e.g. a supervised warm start).
    * ``stage='student'`` (Alg. 1 step 2): ``student`` learns from the LQ pairs (``inputs``)
      with the same losses plus ``L_dis`` (Eq. 16, ω_dis = 0.1) towards the frozen teacher
      (loaded from ``teacher_pretrained``), whose flows on the HQ pairs are the targets, masked
      by the teacher's visibility (the photometric loss's occlusion mode) when
      ``distill_with_occlusion``.
    * ``stage='supervised'`` -- **an extra stage, not in the paper or ARFlow**: ``teacher``
      learns from HQ frame pairs with ``FlowEPELoss`` (PWC-Net's multi-scale EPE) against the
      exact flow of synthetic sequences, ``data_samples.gt_flow`` (n, t-1, 2, H, W), the flow
      from HQ frame i to i+1 in HQ pixels; with ``data_samples.gt_flow_backward`` (from i+1 to
      i, same shape) both directions are trained and averaged. Its checkpoint is a
      ``teacher_pretrained`` for the other two stages. Why it exists: from scratch the
      unsupervised loss needs tens of thousands of iterations, more than a CPU budget
      (a 1,500-iteration probe left the warp gain at -3.4 dB; the flow table of docs/flow.md has a
      1,000-iteration unsupervised teacher that is still a near-zero field); it is reported
      against the purely unsupervised path.

    Deviation from the paper (``student_init='teacher'``, the default): the student starts from
    the teacher's weights instead of from scratch. Alg. 1 initialises the student at random;
    here a student from scratch costs as much as the teacher again (tens of thousands of CPU
    iterations), and at x4 the LQ frames are the HQ ones at 1/4 size, the same
    task at another scale. ``student_init=None`` gives the paper's random start.

    Checkpoint keys are ``teacher.*`` (stages 'supervised' and 'teacher') and ``student.*``
    (+ ``teacher.*``, stage 'student'); ``S2SVRNet(flow_pretrained=...)`` and
    ``PWCLite(pretrained=...)`` load the student (or, without one, the teacher) directly.

    Args:
        flow_net (dict): Config of the flow network. Default: ``dict(type='PWCLite')``.
        stage (str): 'supervised', 'teacher' or 'student'. Default: 'teacher'.
        teacher_pretrained (str, optional): Teacher weights: required for 'student' (the
            stage-1 checkpoint); the starting point for 'teacher' and 'supervised'.
        student_init (str | None): 'teacher': the student starts as a copy of the teacher;
            None: from the network's own initialisation (the paper). Default: 'teacher'.
        photometric_loss (dict): Default: ``dict(type='PhotometricLoss')`` (ARFlow's values).
        smoothness_loss (dict): Default: ``dict(type='SmoothnessLoss')`` (ω_sm = 50, ARFlow).
        distillation_loss (dict | None): Default: ``FlowDistillationLoss`` with ω_dis = 0.1
            (the paper); None trains the student without distillation (the ablation of the
            paper's Table 4).
        supervised_loss (dict): Loss of stage 'supervised'. Default:
            ``dict(type='FlowEPELoss')``.
        distill_with_occlusion (bool): Mask L_dis with the teacher's visibility. Default: True.
        occlusion_from_iter (int): Iterations trained without the occlusion mask in L_ph before
            it is switched on. ARFlow masks from the first iteration. Default: 0.
        data_preprocessor (dict): Default: MMagic's ``DataPreprocessor`` to [0, 1].

    Raises:
        ValueError: for an unknown stage or student_init, or 'student' without
            ``teacher_pretrained``.
    """

    def __init__(self, flow_net=dict(type='PWCLite'), stage='teacher', teacher_pretrained=None,
                 student_init='teacher', photometric_loss=dict(type='PhotometricLoss'),
                 smoothness_loss=dict(type='SmoothnessLoss'),
                 distillation_loss=dict(type='FlowDistillationLoss', loss_weight=0.1),
                 supervised_loss=dict(type='FlowEPELoss'), distill_with_occlusion=True,
                 occlusion_from_iter=0, data_preprocessor=None, init_cfg=None):
        if data_preprocessor is None:
            data_preprocessor = dict(type='DataPreprocessor', mean=[0., 0., 0.],
                                     std=[255., 255., 255.])
        super().__init__(data_preprocessor=MODELS.build(data_preprocessor), init_cfg=init_cfg)
        if stage not in STAGES:
            raise ValueError(f'stage must be one of {STAGES}, got {stage!r}')
        if student_init not in STUDENT_INITS:
            raise ValueError(f'student_init must be one of {STUDENT_INITS}, got {student_init!r}')
        if stage == 'student' and teacher_pretrained is None:
            raise ValueError('stage "student" needs teacher_pretrained (the stage-1 checkpoint)')
        self.stage = stage
        self.teacher = MODELS.build(flow_net)
        if teacher_pretrained is not None:
            load_flow_net_weights(self.teacher, teacher_pretrained)
        if stage == 'student':
            self.teacher.requires_grad_(False).eval()
            self.student = MODELS.build(flow_net)
            if student_init == 'teacher':
                self.student.load_state_dict(self.teacher.state_dict())
        self.photometric_loss = MODELS.build(photometric_loss)
        self.smoothness_loss = MODELS.build(smoothness_loss)
        self.distillation_loss = (MODELS.build(distillation_loss)
                                  if stage == 'student' and distillation_loss else None)
        self.supervised_loss = MODELS.build(supervised_loss) if stage == 'supervised' else None
        self.distill_with_occlusion = distill_with_occlusion
        self.occlusion_from_iter = occlusion_from_iter
        self.register_buffer('step_counter', torch.zeros(1))  # saved with the checkpoint

    @property
    def trained_net(self):
        """The network this stage trains (``student`` in stage 'student', else ``teacher``)."""
        return self.student if self.stage == 'student' else self.teacher

    def train(self, mode=True):
        super().train(mode)
        if self.stage == 'student':
            self.teacher.eval()  # frozen target network
        return self

    def val_step(self, data):
        """'predict' on the batch preprocessed as in training: MMagic's ``DataPreprocessor``
        normalises ``gt_img`` (to [0, 1] RGB here) only when training and leaves it 0-255 BGR
        otherwise, while the flow net must see the frames it learns from."""
        return self._run_forward(self.data_preprocessor(data, True), mode='predict')

    def test_step(self, data):
        """As :meth:`val_step`."""
        return self.val_step(data)

    @staticmethod
    def frame_pairs(frames):
        """(n, t, c, h, w) -> two (n*(t-1), c, h, w) batches of consecutive frames."""
        if frames.dim() != 5 or frames.shape[1] < 2:
            raise ValueError(f'need (n, t >= 2, c, h, w) frame sequences, got '
                             f'{tuple(frames.shape)}')
        return frames[:, :-1].flatten(0, 1), frames[:, 1:].flatten(0, 1)

    def unsupervised_losses(self, img1, img2, flows):
        """``L_ph`` and ``L_sm`` of a bidirectional pyramid, averaged over directions."""
        f12, f21 = flows['flows_12'], flows['flows_21']
        occlusion = bool(self.step_counter >= self.occlusion_from_iter)
        loss_ph = (self.photometric_loss(img1, img2, f12, f21 if occlusion else None) +
                   self.photometric_loss(img2, img1, f21, f12 if occlusion else None)) / 2
        loss_sm = (self.smoothness_loss(f12, img1) + self.smoothness_loss(f21, img2)) / 2
        return dict(loss_ph=loss_ph, loss_sm=loss_sm)

    def distillation_losses(self, student_flows, hq1, hq2):
        """``ω_dis L_dis`` (Eq. 16) of the finest student flows towards the teacher's."""
        with torch.no_grad():
            target = self.teacher.forward_pyramid(hq1, hq2, bidirectional=True)
        t12, t21 = target['flows_12'][0], target['flows_21'][0]
        m12 = self.photometric_loss.visibility(t12, t21) if self.distill_with_occlusion else None
        m21 = self.photometric_loss.visibility(t21, t12) if self.distill_with_occlusion else None
        loss = (self.distillation_loss(student_flows['flows_12'][0], t12, m12) +
                self.distillation_loss(student_flows['flows_21'][0], t21, m21)) / 2
        return dict(loss_dis=loss)

    def supervised_losses(self, img1, img2, data_samples):
        """``FlowEPELoss`` of the teacher's pyramid against ``gt_flow`` (and, when present,
        of the backward pyramid against ``gt_flow_backward``), averaged over directions."""
        gt_12 = self._gt_flows(data_samples, 'gt_flow', img1)
        gt_21 = (self._gt_flows(data_samples, 'gt_flow_backward', img1)
                 if 'gt_flow_backward' in data_samples else None)
        flows = self.teacher.forward_pyramid(img1, img2, bidirectional=gt_21 is not None)
        loss = self.supervised_loss(flows['flows_12'], gt_12)
        if gt_21 is not None:
            loss = (loss + self.supervised_loss(flows['flows_21'], gt_21)) / 2
        return dict(loss_epe=loss)

    @staticmethod
    def _gt_flows(data_samples, key, img1):
        """``data_samples.<key>`` (n, t-1, 2, H, W) -> (n*(t-1), 2, H, W) on img1's device."""
        if key not in data_samples:
            raise ValueError(f'stage "supervised" needs data_samples.{key} (n, t-1, 2, H, W)')
        flows = data_samples.get(key)
        if isinstance(flows, (list, tuple)):
            flows = torch.stack(list(flows))
        flows = flows.flatten(0, 1).to(img1)
        if flows.shape != (img1.shape[0], 2, *img1.shape[-2:]):
            raise ValueError(f'data_samples.{key} must be (n, t-1, 2, H, W) for HQ frames of '
                             f'{tuple(img1.shape[-2:])}; got {tuple(flows.shape)} after '
                             'flattening')
        return flows

    def forward(self, inputs, data_samples=None, mode='tensor'):
        """mmengine entry point.

        Args:
            inputs (Tensor): (n, t, 3, h, w) LQ frames in [0, 1] (after the preprocessor).
            data_samples (DataSample): with ``gt_img`` (n, t, 3, H, W) HQ frames in [0, 1]
                (stages 'supervised' and 'teacher', and L_dis), and for 'supervised'
                ``gt_flow`` (n, t-1, 2, H, W) [and ``gt_flow_backward``].
            mode (str): 'loss' -> dict of losses; 'tensor' -> the trained net's finest flows
                (n, t-1, 2, h', w') from each frame to the next on the frames it learns from;
                'predict' -> list of ``DataSample`` with ``pred_flow`` (t-1, 2, h', w').

        Returns:
            dict | Tensor | list[DataSample]: as above.
        """
        gts = data_samples.gt_img if data_samples is not None else None
        frames = inputs if self.stage == 'student' else gts
        if frames is None:
            raise ValueError(f'stage "{self.stage}" learns from the HQ frames: '
                             'data_samples.gt_img')
        img1, img2 = self.frame_pairs(frames)
        if mode == 'loss':
            if self.stage == 'supervised':
                losses = self.supervised_losses(img1, img2, data_samples)
            else:
                flows = self.trained_net.forward_pyramid(img1, img2, bidirectional=True)
                losses = self.unsupervised_losses(img1, img2, flows)
                if self.distillation_loss is not None:
                    losses.update(self.distillation_losses(flows, *self.frame_pairs(gts)))
            self.step_counter += 1
            return losses
        flows = self.trained_net(img1, img2).unflatten(0, (frames.shape[0], -1))
        if mode == 'tensor':
            return flows
        return [DataSample(pred_flow=f) for f in flows]
