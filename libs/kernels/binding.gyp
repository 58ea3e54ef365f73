{
  "targets": [
    {
      "target_name": "memsweep_eval",
      "sources": ["native/eval.c"],
      "cflags": ["-O3", "-march=x86-64-v3", "-ffp-contract=off", "-std=c11"]
    },
    {
      "target_name": "memsweep_train",
      "sources": ["native/train.c"],
      "cflags": ["-O3", "-march=x86-64-v3", "-ffp-contract=off", "-std=c11"]
    }
  ]
}
