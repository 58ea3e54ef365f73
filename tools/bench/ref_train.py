#!/usr/bin/python3
"""PyTorch reference for one training epoch (issue #7 item 1d), equivalent to memsweep's trainMlp baseline:
784-500-10 MLP, sigmoid hidden layer, Glorot-uniform weights and zero biases, softmax cross-entropy (mean over the
batch), Adam (lr, beta1 0.9, beta2 0.999, eps 1e-7), batch 64, a fresh shuffle per epoch, last batch smaller.

usage: /usr/bin/python3 ref_train.py DATA_DIR [--threads 1] [--reps 3] [--lr 0.001]
  DATA_DIR: Xtrain.f32 (n×784), ytrain.u8 (n), meta.json {n_train}
Runs one warm-up epoch, then REPS timed epochs (each on a freshly initialized model), and prints one line per thread
count: epoch seconds per rep and the train accuracy after the last epoch.
"""
import argparse
import json
import time

import numpy as np
import torch

ap = argparse.ArgumentParser()
ap.add_argument("data")
ap.add_argument("--threads", default="1")
ap.add_argument("--reps", type=int, default=3)
ap.add_argument("--lr", type=float, default=0.001)
ap.add_argument("--batch", type=int, default=64)
args = ap.parse_args()

meta = json.load(open(f"{args.data}/meta.json"))
n = meta["n_train"]
X = torch.from_numpy(np.fromfile(f"{args.data}/Xtrain.f32", dtype="<f4").reshape(n, 784))
y = torch.from_numpy(np.fromfile(f"{args.data}/ytrain.u8", dtype=np.uint8).astype(np.int64))


def fresh(seed):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(784, 500), torch.nn.Sigmoid(), torch.nn.Linear(500, 10))
    for m in model:
        if isinstance(m, torch.nn.Linear):
            torch.nn.init.xavier_uniform_(m.weight)
            torch.nn.init.zeros_(m.bias)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-7)
    return model, opt


def epoch(model, opt, gen):
    order = torch.randperm(n, generator=gen)
    lossf = torch.nn.functional.cross_entropy
    total = 0.0
    for s in range(0, n, args.batch):
        idx = order[s:s + args.batch]
        opt.zero_grad(set_to_none=True)
        loss = lossf(model(X[idx]), y[idx])
        loss.backward()
        opt.step()
        total += float(loss) * len(idx)
    return total / n


print("torch", torch.__version__, "| train samples", n, "| batch", args.batch, "| lr", args.lr)
for nt in [int(t) for t in args.threads.split(",")]:
    torch.set_num_threads(nt)
    gen = torch.Generator().manual_seed(0)
    model, opt = fresh(0)
    epoch(model, opt, gen)  # warm-up
    secs = []
    for r in range(args.reps):
        model, opt = fresh(r + 1)
        t0 = time.perf_counter()
        loss = epoch(model, opt, gen)
        secs.append(time.perf_counter() - t0)
    with torch.no_grad():
        acc = float((model(X).argmax(1) == y).float().mean())
    print(f"threads={nt}: epoch seconds per rep " + " ".join(f"{s:.3f}" for s in secs)
          + f" | loss {loss:.4f} train acc {acc:.4f}")
