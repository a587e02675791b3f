// Stands in for <immintrin.h> when scripts/check-kernels-emulated.sh builds
// CKernels' vector paths for emulation: SIMDe (Debian libsimde-dev) supplies
// every AVX, AVX2 and AVX-512F intrinsic in portable C, so the AVX-512 kernels
// run on a CPU without AVX-512. Below, what SIMDe 0.7.4 lacks, lane by lane
// after Intel's pseudocode, and multiply-adds that really fuse (SIMDe's
// portable ones round twice, which would hide a wrong order of operations).
//
// Copyright the textgan authors. Licensed under the Apache License 2.0.

#define SIMDE_NO_NATIVE
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>
#include <simde/x86/avx2.h>
#include <simde/x86/fma.h>
#include <math.h>
#include <stdint.h>
typedef simde__mmask16 __mmask16;
#ifndef _MM_FROUND_NO_EXC
#define _MM_FROUND_NO_EXC 0x08
#endif
static inline simde__m512 _mm512_maskz_loadu_ps(__mmask16 k, const void *p) {
    simde__m512_private r; const float *f = p;
    for (int i = 0; i < 16; i++) r.f32[i] = ((k >> i) & 1) ? f[i] : 0.0f;
    return simde__m512_from_private(r);
}
static inline simde__m512 _mm512_mask_loadu_ps(simde__m512 src, __mmask16 k, const void *p) {
    simde__m512_private r = simde__m512_to_private(src); const float *f = p;
    for (int i = 0; i < 16; i++) if ((k >> i) & 1) r.f32[i] = f[i];
    return simde__m512_from_private(r);
}
static inline void _mm512_mask_storeu_ps(void *p, __mmask16 k, simde__m512 v) {
    simde__m512_private r = simde__m512_to_private(v); float *f = p;
    for (int i = 0; i < 16; i++) if ((k >> i) & 1) f[i] = r.f32[i];
}
static inline simde__m512i _mm512_cvtps_epi32(simde__m512 v) {
    simde__m512_private a = simde__m512_to_private(v); simde__m512i_private r;
    for (int i = 0; i < 16; i++) r.i32[i] = (isnan(a.f32[i]) || fabsf(a.f32[i]) >= 2147483648.0f) ? INT32_MIN : (int32_t)nearbyintf(a.f32[i]);
    return simde__m512i_from_private(r);
}
static inline simde__m512i _mm512_srai_epi32(simde__m512i v, int s) {
    simde__m512i_private a = simde__m512i_to_private(v), r;
    for (int i = 0; i < 16; i++) r.i32[i] = a.i32[i] >> s;
    return simde__m512i_from_private(r);
}
// Fused multiply-adds with one rounding (SIMDe's portable ones round twice).
#undef _mm256_fmadd_ps
#undef _mm256_fnmadd_ps
#undef _mm512_fmadd_ps
#undef _mm512_fnmadd_ps
static inline simde__m256 _mm256_fmadd_ps(simde__m256 a, simde__m256 b, simde__m256 c) {
    simde__m256_private x = simde__m256_to_private(a), y = simde__m256_to_private(b), z = simde__m256_to_private(c), r;
    for (int i = 0; i < 8; i++) r.f32[i] = fmaf(x.f32[i], y.f32[i], z.f32[i]);
    return simde__m256_from_private(r);
}
static inline simde__m256 _mm256_fnmadd_ps(simde__m256 a, simde__m256 b, simde__m256 c) {
    simde__m256_private x = simde__m256_to_private(a), y = simde__m256_to_private(b), z = simde__m256_to_private(c), r;
    for (int i = 0; i < 8; i++) r.f32[i] = fmaf(-x.f32[i], y.f32[i], z.f32[i]);
    return simde__m256_from_private(r);
}
static inline simde__m512 _mm512_fmadd_ps(simde__m512 a, simde__m512 b, simde__m512 c) {
    simde__m512_private x = simde__m512_to_private(a), y = simde__m512_to_private(b), z = simde__m512_to_private(c), r;
    for (int i = 0; i < 16; i++) r.f32[i] = fmaf(x.f32[i], y.f32[i], z.f32[i]);
    return simde__m512_from_private(r);
}
static inline simde__m512 _mm512_fnmadd_ps(simde__m512 a, simde__m512 b, simde__m512 c) {
    simde__m512_private x = simde__m512_to_private(a), y = simde__m512_to_private(b), z = simde__m512_to_private(c), r;
    for (int i = 0; i < 16; i++) r.f32[i] = fmaf(-x.f32[i], y.f32[i], z.f32[i]);
    return simde__m512_from_private(r);
}
