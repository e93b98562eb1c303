// The population kernels for any x86-64 (or other) CPU: the same source as the AVX2 build, with the
// 8-lane vectors lowered to what the baseline instruction set offers.
#define ZS_KERNEL_NS generic
#define ZS_KERNEL_FMA 0
#include "training/CnnKernelsImpl.inc"

namespace zooscope::kernels::detail {
std::unique_ptr<NetKernels> makeGeneric(const Architecture& arch) { return generic::make(arch); }
} // namespace zooscope::kernels::detail
