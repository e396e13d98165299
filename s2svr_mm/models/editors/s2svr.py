"""Training wrapper of S2SVR for MMagic's runner."""
from mmagic.models.editors.basicvsr import BasicVSR
from mmagic.registry import MODELS


@MODELS.register_module()
class S2SVR(BasicVSR):
    """S2SVR restorer (Lin et al., ICML 2022): MMagic's ``BasicVSR`` editor with its flow
    network handled by name.

    MMagic's ``BasicVSR`` freezes only parameters named ``spynet``/``edvr`` during
    ``train_cfg.fix_iter``; this editor freezes the generator's ``flow_net`` (PWC-Lite) for the
    first ``fix_iter`` iterations and trains it afterwards. Give the flow net its own learning
    rate with ``optim_wrapper.paramwise_cfg.custom_keys={'flow_net': dict(lr_mult=...)}`` (the
    paper: 5e-5 for the flow net vs 2e-4, i.e. ``lr_mult=0.25``).

    Args: as MMagic's ``BasicVSR``. The generator must have a ``flow_net`` sub-module when
    ``fix_iter > 0``.

    Raises:
        ValueError: if ``train_cfg.fix_iter > 0`` and the generator has no ``flow_net``
            parameters (the freeze would silently do nothing).
    """

    flow_net_prefix = 'flow_net.'

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.fix_iter > 0 and not self.flow_net_parameters():
            raise ValueError(f'train_cfg.fix_iter={self.fix_iter} but the generator '
                             f'{type(self.generator).__name__} has no "flow_net" parameters')

    def flow_net_parameters(self):
        """The generator's flow-network parameters (list of ``nn.Parameter``)."""
        return [p for name, p in self.generator.named_parameters()
                if name.startswith(self.flow_net_prefix)]

    def forward_train(self, inputs, data_samples=None, **kwargs):
        """One training forward: Charbonnier (or configured) pixel loss of the restored
        sequence; the flow net is frozen while ``step_counter < fix_iter``.

        Args:
            inputs (Tensor): (n, t, 3, h, w) LQ frames in [0, 1] (after the preprocessor).
            data_samples (DataSample): with ``gt_img`` (n, t, 3, H, W).

        Returns:
            dict: ``loss``.
        """
        trainable = bool(self.step_counter >= self.fix_iter)
        for param in self.flow_net_parameters():
            param.requires_grad_(trainable)
        self.is_weight_fixed = not trainable
        outputs = self.forward_tensor(inputs, data_samples, **kwargs)
        loss = self.pixel_loss(outputs, data_samples.gt_img)
        self.step_counter += 1
        return dict(loss=loss)
