"""Unsupervised distillation of optical flow (Lin et al., ICML 2022, Section 3.3, Alg. 1) as
an mmengine model trained by MMagic's runner."""
import torch
from mmengine.model import BaseModel

from mmagic.registry import MODELS
from mmagic.structures import DataSample

from ...utils.checkpoint import load_flow_net_weights
from ..losses.flow_losses import occlusion_mask

STAGES = ('teacher', 'student')


@MODELS.register_module()
class FlowPretrainer(BaseModel):
    """Two-stage unsupervised flow training of Alg. 1.

    * ``stage='teacher'``: ``teacher`` (a PWC-Lite) learns from HQ frame pairs (``gt``) with
      ``ω_ph L_ph + ω_sm L_sm`` (Eq. 11-13, both flow directions averaged).
    * ``stage='student'``: ``student`` learns from the corresponding LQ pairs (``img``) with the
      same losses plus ``ω_dis L_dis`` (Eq. 16) towards the frozen teacher (loaded from the
      stage-1 checkpoint), whose flows on the HQ pairs are the targets, masked by the teacher's
      own occlusion mask when ``distill_with_occlusion``.

    Checkpoint keys are ``teacher.*`` (stage 1) and ``student.*`` (+ ``teacher.*``, stage 2);
    ``S2SVRNet(flow_pretrained=...)`` and ``PWCLite(pretrained=...)`` load the student (or,
    without one, the teacher) directly.

    Args:
        flow_net (dict): Config of the flow network. Default: ``dict(type='PWCLite')``.
        stage (str): 'teacher' or 'student'. Default: 'teacher'.
        teacher_pretrained (str, optional): Stage-1 checkpoint; required for 'student'.
        photometric_loss (dict): Default: ``PhotometricLoss`` with ω_ph = 0.15.
        smoothness_loss (dict): Default: ``SmoothnessLoss`` with ω_sm = 50 on flow / 20 (ARFlow).
        distillation_loss (dict): Default: ``FlowDistillationLoss`` with ω_dis = 0.1; None
            trains the student without distillation (the ablation of the paper's Table 4).
        distill_with_occlusion (bool): Mask L_dis with the teacher's occlusion. Default: True.
        occlusion_from_iter (int): Iterations trained without the occlusion mask in L_ph before
            it is switched on (ARFlow's first stage is occlusion-free too): a randomly
            initialised network's forward and backward flows disagree everywhere, and a mask
            from them would hide every pixel. Default: 0.
        data_preprocessor (dict): Default: MMagic's ``DataPreprocessor`` to [0, 1].

    Raises:
        ValueError: for an unknown stage, or 'student' without ``teacher_pretrained``.
    """

    def __init__(self, flow_net=dict(type='PWCLite'), stage='teacher', teacher_pretrained=None,
                 photometric_loss=dict(type='PhotometricLoss', loss_weight=0.15),
                 smoothness_loss=dict(type='SmoothnessLoss', loss_weight=50.0, flow_divisor=20.0),
                 distillation_loss=dict(type='FlowDistillationLoss', loss_weight=0.1),
                 distill_with_occlusion=True, occlusion_from_iter=0, data_preprocessor=None,
                 init_cfg=None):
        if data_preprocessor is None:
            data_preprocessor = dict(type='DataPreprocessor', mean=[0., 0., 0.],
                                     std=[255., 255., 255.])
        super().__init__(data_preprocessor=MODELS.build(data_preprocessor), init_cfg=init_cfg)
        if stage not in STAGES:
            raise ValueError(f'stage must be one of {STAGES}, got {stage!r}')
        if stage == 'student' and teacher_pretrained is None:
            raise ValueError('stage "student" needs teacher_pretrained (the stage-1 checkpoint)')
        self.stage = stage
        self.teacher = MODELS.build(flow_net)
        if stage == 'student':
            load_flow_net_weights(self.teacher, teacher_pretrained)
            self.teacher.requires_grad_(False).eval()
            self.student = MODELS.build(flow_net)
        self.photometric_loss = MODELS.build(photometric_loss)
        self.smoothness_loss = MODELS.build(smoothness_loss)
        self.distillation_loss = (MODELS.build(distillation_loss)
                                  if stage == 'student' and distillation_loss else None)
        self.distill_with_occlusion = distill_with_occlusion
        self.occlusion_from_iter = occlusion_from_iter
        self.register_buffer('step_counter', torch.zeros(1))  # saved with the checkpoint

    @property
    def trained_net(self):
        """The network this stage trains (``teacher`` in stage 1, ``student`` in stage 2)."""
        return self.student if self.stage == 'student' else self.teacher

    def train(self, mode=True):
        super().train(mode)
        if self.stage == 'student':
            self.teacher.eval()  # frozen target network
        return self

    @staticmethod
    def frame_pairs(frames):
        """(n, t, 3, h, w) -> two (n*(t-1), 3, h, w) batches of consecutive frames."""
        if frames.dim() != 5 or frames.shape[1] < 2:
            raise ValueError(f'need (n, t >= 2, 3, h, w) frame sequences, got '
                             f'{tuple(frames.shape)}')
        return frames[:, :-1].flatten(0, 1), frames[:, 1:].flatten(0, 1)

    def unsupervised_losses(self, img1, img2, flows):
        """``ω_ph L_ph`` and ``ω_sm L_sm`` of a bidirectional pyramid, averaged over directions."""
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
        m12 = occlusion_mask(t12, t21) if self.distill_with_occlusion else None
        m21 = occlusion_mask(t21, t12) if self.distill_with_occlusion else None
        loss = (self.distillation_loss(student_flows['flows_12'][0], t12, m12) +
                self.distillation_loss(student_flows['flows_21'][0], t21, m21)) / 2
        return dict(loss_dis=loss)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        """mmengine entry point.

        Args:
            inputs (Tensor): (n, t, 3, h, w) LQ frames in [0, 1] (after the preprocessor).
            data_samples (DataSample): with ``gt_img`` (n, t, 3, H, W) HQ frames in [0, 1].
            mode (str): 'loss' -> dict of losses; 'tensor' -> the trained net's finest flows
                (n, t-1, 2, h', w') from each frame to the next on the frames it learns from;
                'predict' -> list of ``DataSample`` with ``pred_flow`` (t-1, 2, h', w').

        Returns:
            dict | Tensor | list[DataSample]: as above.
        """
        gts = data_samples.gt_img if data_samples is not None else None
        frames = inputs if self.stage == 'student' else gts
        if frames is None:
            raise ValueError('stage "teacher" learns from the HQ frames: data_samples.gt_img')
        img1, img2 = self.frame_pairs(frames)
        if mode == 'loss':
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
