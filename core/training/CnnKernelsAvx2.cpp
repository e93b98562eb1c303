// The population kernels built for AVX2 + FMA (8 models per 256-bit register). Compiled with
// -mavx2 -mfma (see core/CMakeLists.txt); only called after a run-time CPU check.
#define ZS_KERNEL_NS avx2
#define ZS_KERNEL_FMA 1
#include "training/CnnKernelsImpl.inc"

namespace zooscope::kernels::detail {
std::unique_ptr<NetKernels> makeAvx2(const Architecture& arch) { return avx2::make(arch); }
} // namespace zooscope::kernels::detail
