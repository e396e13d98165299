import torch

from s2svr_mm.models.flow_utils import global_flows


def test_global_flows_keep_the_camera_motion_and_drop_an_object():
    """A pan of (2, -1) px over most of the frame and an object moving (-5, 3) over a 3x3
    patch of each field: the camera's motion everywhere, per field."""
    flows = torch.empty(2, 3, 2, 8, 8)
    flows[:, :, 0], flows[:, :, 1] = 2.0, -1.0
    flows[1, :, 0], flows[1, :, 1] = -4.0, 0.5  # another sequence: another pan
    flows[:, :, 0, 2:5, 2:5], flows[:, :, 1, 2:5, 2:5] = -5.0, 3.0
    out = global_flows(flows)
    assert out.shape == flows.shape
    assert torch.all(out[0, :, 0] == 2.0) and torch.all(out[0, :, 1] == -1.0)
    assert torch.all(out[1, :, 0] == -4.0) and torch.all(out[1, :, 1] == 0.5)
    # the input is left as it was
    assert flows[0, 0, 0, 3, 3] == -5.0


def test_global_flows_of_a_uniform_field_is_that_field():
    flows = torch.randn(1, 2, 1, 1).expand(1, 2, 5, 7)
    assert torch.equal(global_flows(flows), flows)
