import pytest
import torch
from mmengine.optim import build_optim_wrapper

from mmagic.registry import MODELS
from mmagic.structures import DataSample


def batch(n=1, t=3, lq=16, scale=4):
    return dict(inputs=[torch.randint(0, 255, (t, 3, lq, lq)).float() for _ in range(n)],
                data_samples=[DataSample(gt_img=torch.randint(0, 255, (t, 3, lq * scale,
                                                                        lq * scale)).float())
                              for _ in range(n)])


def adam(model):
    return build_optim_wrapper(model, dict(type='OptimWrapper',
                                           optimizer=dict(type='Adam', lr=1e-3)))


@pytest.fixture(scope='module')
def teacher_checkpoint(tmp_path_factory):
    teacher = MODELS.build(dict(type='FlowPretrainer', stage='teacher'))
    losses = teacher.train_step(batch(), adam(teacher))
    assert set(losses) == {'loss_ph', 'loss_sm', 'loss'}
    path = tmp_path_factory.mktemp('ckpt') / 'teacher.pth'
    torch.save(dict(state_dict=teacher.state_dict()), path)
    return str(path)


def test_student_stage_trains_the_student_only(teacher_checkpoint):
    model = MODELS.build(dict(type='FlowPretrainer', stage='student',
                              teacher_pretrained=teacher_checkpoint))
    saved = torch.load(teacher_checkpoint)['state_dict']
    assert all(torch.equal(v, saved['teacher.' + k])
               for k, v in model.teacher.state_dict().items())
    teacher_before = {k: v.clone() for k, v in model.teacher.state_dict().items()}
    student_before = {k: v.clone() for k, v in model.student.state_dict().items()}
    model.train()
    losses = model.train_step(batch(), adam(model))
    assert {'loss_ph', 'loss_sm', 'loss_dis'} <= set(losses)
    assert not model.teacher.training
    assert all(torch.equal(v, teacher_before[k]) for k, v in model.teacher.state_dict().items())
    assert any(not torch.equal(v, student_before[k])
               for k, v in model.student.state_dict().items())


def test_student_checkpoint_loads_as_the_s2svr_flow_net(teacher_checkpoint, tmp_path):
    model = MODELS.build(dict(type='FlowPretrainer', stage='student',
                              teacher_pretrained=teacher_checkpoint))
    path = tmp_path / 'student.pth'
    torch.save(dict(state_dict=model.state_dict()), path)
    net = MODELS.build(dict(type='S2SVRNet', mid_channels=8, num_blocks=1, num_layers=1,
                            flow_pretrained=str(path)))
    for k, v in net.flow_net.state_dict().items():
        assert torch.equal(v, model.student.state_dict()[k])


def test_without_distillation_and_bad_stages():
    with pytest.raises(ValueError, match='teacher_pretrained'):
        MODELS.build(dict(type='FlowPretrainer', stage='student'))
    with pytest.raises(ValueError, match='stage'):
        MODELS.build(dict(type='FlowPretrainer', stage='both'))


def test_occlusion_mask_is_used_only_after_occlusion_from_iter():
    model = MODELS.build(dict(type='FlowPretrainer', occlusion_from_iter=1))
    calls = []
    original = model.photometric_loss.forward

    def spy(img1, img2, flows_12, flows_21=None, mask=None):
        calls.append(flows_21 is not None)
        return original(img1, img2, flows_12, flows_21, mask)

    model.photometric_loss.forward = spy
    optim = adam(model)
    model.train_step(batch(), optim)
    model.train_step(batch(), optim)
    assert calls == [False, False, True, True]


def test_predict_returns_flows_of_each_pair():
    model = MODELS.build(dict(type='FlowPretrainer')).eval()
    out = model.test_step(batch(n=2, t=4, lq=8))
    assert len(out) == 2 and out[0].pred_flow.shape == (3, 2, 32, 32)
