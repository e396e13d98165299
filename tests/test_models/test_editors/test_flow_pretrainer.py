import pytest
import torch
from mmengine.optim import build_optim_wrapper
from skimage import data as skdata

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


def test_student_starts_from_the_teacher_unless_told_otherwise(teacher_checkpoint):
    model = MODELS.build(dict(type='FlowPretrainer', stage='student',
                              teacher_pretrained=teacher_checkpoint))
    teacher = model.teacher.state_dict()
    assert all(torch.equal(v, teacher[k]) for k, v in model.student.state_dict().items())
    scratch = MODELS.build(dict(type='FlowPretrainer', stage='student', student_init=None,
                                teacher_pretrained=teacher_checkpoint))
    assert not all(torch.equal(v, teacher[k]) for k, v in scratch.student.state_dict().items())
    with pytest.raises(ValueError, match='student_init'):
        MODELS.build(dict(type='FlowPretrainer', stage='student', student_init='imagenet',
                          teacher_pretrained=teacher_checkpoint))


def test_teacher_stage_can_start_from_a_checkpoint(teacher_checkpoint):
    model = MODELS.build(dict(type='FlowPretrainer', teacher_pretrained=teacher_checkpoint))
    saved = torch.load(teacher_checkpoint)['state_dict']
    assert all(torch.equal(v, saved['teacher.' + k])
               for k, v in model.teacher.state_dict().items())


def test_default_losses_are_arflows_and_the_papers():
    model = MODELS.build(dict(type='FlowPretrainer'))
    ph, sm = model.photometric_loss, model.smoothness_loss
    assert ph.loss_weight == 1 and ph.distance_weights == dict(l1=0.15, ssim=0.85)
    assert ph.scale_weights == (1, 1, 1, 1, 0) and ph.occlusion == 'backward'
    assert ph.padding_mode == 'border'
    assert sm.loss_weight == 50 and sm.order == 1 and sm.alpha == 10
    assert sm.scale_weights == (1, 0, 0, 0, 0) and sm.flow_divisor is None
    assert model.occlusion_from_iter == 0


def test_without_distillation_and_bad_stages(teacher_checkpoint):
    with pytest.raises(ValueError, match='teacher_pretrained'):
        MODELS.build(dict(type='FlowPretrainer', stage='student'))
    with pytest.raises(ValueError, match='stage'):
        MODELS.build(dict(type='FlowPretrainer', stage='both'))
    model = MODELS.build(dict(type='FlowPretrainer', stage='student', distillation_loss=None,
                              teacher_pretrained=teacher_checkpoint))
    assert set(model.train_step(batch(), adam(model))) == {'loss_ph', 'loss_sm', 'loss'}


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


def test_val_step_sees_the_hq_frames_as_training_does():
    """MMagic's preprocessor leaves gt_img in 0-255 BGR outside training; the flow net must
    get the same [0, 1] RGB frames in validation as in training."""
    model = MODELS.build(dict(type='FlowPretrainer')).eval()
    data = batch(n=1, t=2, lq=16)
    with torch.no_grad():
        trained_on = model(**model.data_preprocessor(data, True), mode='tensor')
    assert torch.allclose(model.val_step(data)[0].pred_flow, trained_on[0], atol=1e-5)


def shifted_pairs(shifts=((3, -2), ), size=48, origins=((100, 200), )):
    """Crops of the astronaut photo: b is a moved by (dx, dy), so the flow from a to b is
    (dx, dy) everywhere: b(p + (dx, dy)) = a(p). Returns (n, 2, 3, size, size) in 0-255."""
    img = torch.from_numpy(skdata.astronaut()).permute(2, 0, 1).float()
    pairs = []
    for (dx, dy), (y, x) in zip(shifts, origins):
        a = img[:, y:y + size, x:x + size]
        b = img[:, y - dy:y - dy + size, x - dx:x - dx + size]
        pairs.append(torch.stack([a, b]))
    return torch.stack(pairs)


def supervised_batch(pairs, shifts=((3, -2), )):
    h, w = pairs.shape[-2:]
    samples = []
    for pair, (dx, dy) in zip(pairs, shifts):
        flow = torch.tensor([float(dx), float(dy)]).view(1, 2, 1, 1).expand(1, 2, h, w)
        samples.append(DataSample(gt_img=pair, gt_flow=flow.clone(),
                                  gt_flow_backward=-flow.clone()))
    return dict(inputs=list(pairs), data_samples=samples)


def test_supervised_warm_start_learns_known_shifts_of_a_real_image():
    """About 30 Adam steps of the multi-scale EPE on two crops of a photo moved by different
    shifts reduce the teacher's EPE on both: it follows its inputs, not a constant field."""
    torch.manual_seed(0)
    model = MODELS.build(dict(type='FlowPretrainer', stage='supervised'))
    optim = build_optim_wrapper(model, dict(type='OptimWrapper',
                                            optimizer=dict(type='Adam', lr=3e-4)))
    shifts = ((3, -2), (-2, 1))
    data = supervised_batch(shifted_pairs(shifts, origins=((100, 200), (300, 260))), shifts)

    def epe():
        model.eval()
        with torch.no_grad():
            flows = model(**model.data_preprocessor(data, True), mode='tensor')
        model.train()
        true = torch.tensor(shifts, dtype=torch.float32).view(2, 1, 2, 1, 1)
        return (flows - true).norm(dim=2)[..., 4:-4, 4:-4].mean(dim=(1, 2, 3))

    before = epe()
    for _ in range(30):
        losses = model.train_step(data, optim)
    assert set(losses) == {'loss_epe', 'loss'}
    after = epe()
    assert (after < 0.5 * before).all(), (before, after)  # from 1.7 and 3.7 px
    assert (after < 0.6).all(), after  # 0.24 and 0.18 px


def test_supervised_stage_needs_ground_truth_flow():
    model = MODELS.build(dict(type='FlowPretrainer', stage='supervised'))
    data = batch(lq=16, scale=1)
    with pytest.raises(ValueError, match='gt_flow'):
        model.train_step(data, adam(model))
    wrong = supervised_batch(shifted_pairs(size=32))
    wrong['data_samples'][0].gt_flow = torch.zeros(1, 2, 16, 16)  # not the HQ size
    with pytest.raises(ValueError, match='gt_flow'):
        model.train_step(wrong, adam(model))
