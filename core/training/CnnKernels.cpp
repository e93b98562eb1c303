#include "training/CnnKernels.h"

#include <cstdlib>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#define ZS_X86 1
#else
#define ZS_X86 0
#endif

namespace zooscope::kernels {

Isa bestIsa()
{
    const char* env = std::getenv("ZOOSCOPE_KERNELS");
    if (env && std::strcmp(env, "generic") == 0)
        return Isa::Generic;
#if ZS_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return Isa::Avx2;
#endif
    return Isa::Generic;
}

const char* isaName(Isa isa) { return isa == Isa::Avx2 ? "avx2+fma" : "generic"; }

std::unique_ptr<NetKernels> makeNetKernels(const Architecture& arch, Isa isa)
{
#if ZS_X86
    if (isa == Isa::Avx2)
        return detail::makeAvx2(arch);
#endif
    return detail::makeGeneric(arch);
}

DenormalGuard::DenormalGuard()
{
#if ZS_X86
    m_saved = _mm_getcsr();
    _mm_setcsr(m_saved | 0x8040); // FTZ | DAZ
#endif
}

DenormalGuard::~DenormalGuard()
{
#if ZS_X86
    _mm_setcsr(m_saved);
#endif
}

} // namespace zooscope::kernels
