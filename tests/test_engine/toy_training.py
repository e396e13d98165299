"""Test-only toy model and dataset for runner tests: a 2-input linear model and a dataset of
ones, small enough that a training step can be computed by hand."""
import torch
import torch.nn as nn
from mmengine.model import BaseModel
from torch.utils.data import Dataset


class Linear(BaseModel):
    """y = w . x + b with loss mean(y^2)."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(2, 1)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        out = self.linear(inputs)
        return dict(loss=out.pow(2).mean()) if mode == 'loss' else out


class Ones(Dataset):
    """Four samples, each ``dict(inputs=torch.ones(2))``."""

    def __len__(self):
        return 4

    def __getitem__(self, index):
        return dict(inputs=torch.ones(2))
