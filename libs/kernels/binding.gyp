{
  "targets": [
    {
      "target_name": "memsweep_eval",
      "sources": ["native/eval.c", "native/eval/forward.c", "native/eval/forward_avx512.c", "native/eval/perturb.c", "native/eval/perturb_avx2.c", "native/eval/perturb_avx512.c", "native/eval/bit_sliced.c"],
      "cflags": ["-O3", "-ffp-contract=off", "-fno-fast-math", "-std=gnu11", "-Wall", "-Wextra"],
      "comment": "baseline target: the AVX2 and AVX-512 kernels carry __attribute__((target(...))) and are chosen at run time; -ffp-contract=off keeps results identical to V8's Math (perturb) and to the wasm/JS kernels (forward)"
    },
    {
      "target_name": "memsweep_train",
      "sources": ["native/train.c", "native/train/trainer.c", "native/train/kernels.c"],
      "cflags": ["-O3", "-std=c11", "-fno-math-errno", "-ffp-contract=fast", "-Wall", "-Wextra", "-Wno-unused-parameter", "-Wno-psabi"],
      "comment": "baseline target: the AVX2+FMA kernels are compiled in a #pragma GCC target region of kernels.c and chosen at run time"
    }
  ]
}
