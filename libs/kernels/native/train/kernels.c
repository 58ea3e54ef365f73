// Compiles kernels_impl.h twice: once for AVX2+FMA (chosen at run time only on CPUs that have both, so the addon
// cannot hit an illegal instruction elsewhere) and once for the baseline target. Same source, same operation order;
// the AVX2 build fuses multiply-adds, so the two differ in the last bits.
#include "kernels.h"

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define MEMSWEEP_HAVE_AVX2_BUILD 1
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#define K(name) name##_avx2
#include "kernels_impl.h"
#undef K
#pragma GCC pop_options
#endif

#define K(name) name##_portable
#include "kernels_impl.h"
#undef K

static const train_kernels portable = {
    "portable", sparse_gemm_portable, weight_update_portable, bias_update_portable, drop_connect_portable, dot_rows_portable, sigmoid_portable,
};

#ifdef MEMSWEEP_HAVE_AVX2_BUILD
static const train_kernels avx2 = {
    "avx2-fma", sparse_gemm_avx2, weight_update_avx2, bias_update_avx2, drop_connect_avx2, dot_rows_avx2, sigmoid_avx2,
};
#endif

const train_kernels *train_kernels_select(int force_portable) {
#ifdef MEMSWEEP_HAVE_AVX2_BUILD
  if (!force_portable) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return &avx2;
  }
#endif
  (void)force_portable;
  return &portable;
}
