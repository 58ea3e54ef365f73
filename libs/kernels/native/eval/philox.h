// Philox4x32-10 (Salmon et al., SC 2011), identical to libs/crossbar/src/rng/philox.ts: block = f(key, counter).
#ifndef MEMSWEEP_EVAL_PHILOX_H
#define MEMSWEEP_EVAL_PHILOX_H
#include <stdint.h>

static inline void philox4x32_10(uint64_t block_index, uint32_t k0, uint32_t k1, uint32_t out[4]) {
  uint32_t c0 = (uint32_t)block_index, c1 = (uint32_t)(block_index >> 32), c2 = 0, c3 = 0;
  for (int round = 0; round < 10; round++) {
    uint64_t p0 = (uint64_t)0xd2511f53u * c0, p1 = (uint64_t)0xcd9e8d57u * c2;
    uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0, n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
    c1 = (uint32_t)p1;
    c3 = (uint32_t)p0;
    c0 = n0;
    c2 = n2;
    k0 += 0x9e3779b9u;
    k1 += 0xbb67ae85u;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

/** Rng.uniform() of libs/crossbar from two consecutive words: 53 random bits in [0, 1). */
static inline double philox_uniform(uint32_t hi_word, uint32_t lo_word) {
  return ((double)(hi_word >> 5) * 67108864.0 + (double)(lo_word >> 6)) / 9007199254740992.0;
}
#endif
