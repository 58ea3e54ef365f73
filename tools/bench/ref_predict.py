#!/usr/bin/python3
"""Predictions of the reference forward pass (ref_mc.py's Block.run: addmm, sigmoid, addmm, argmax) on weights that
were perturbed elsewhere, so both implementations see *identical perturbed weights*.

usage: /usr/bin/python3 ref_predict.py DATA_DIR WEIGHTS_DIR K
  DATA_DIR   : reference format (meta.json, X.f32)
  WEIGHTS_DIR: k{i}_W1.f32 k{i}_b1.f32 k{i}_W2.f32 k{i}_b2.f32 for i < K
writes WEIGHTS_DIR/k{i}_pred_ref.u8 (argmax per test row)
"""
import json
import sys

import numpy as np
import torch

data, wdir, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
meta = json.load(open(f"{data}/meta.json"))
N, NI, NH, NO = meta["n_test"], meta["n_in"], meta["n_hid"], meta["n_out"]
torch.set_num_threads(1)
X = torch.from_numpy(np.fromfile(f"{data}/X.f32", dtype="<f4").reshape(N, NI))
ld = lambda n, s: torch.from_numpy(np.fromfile(f"{wdir}/{n}.f32", dtype="<f4").reshape(s))
for i in range(k):
    W1a = torch.cat([ld(f"k{i}_W1", (NI, NH)), ld(f"k{i}_b1", (1, NH))]).contiguous()
    W2a = torch.cat([ld(f"k{i}_W2", (NH, NO)), ld(f"k{i}_b2", (1, NO))]).contiguous()
    H = torch.sigmoid(torch.addmm(W1a[NI], X, W1a[:NI]))
    L = torch.addmm(W2a[NH], H, W2a[:NH])
    L.argmax(1).to(torch.uint8).numpy().tofile(f"{wdir}/k{i}_pred_ref.u8")
print("ok", k)
