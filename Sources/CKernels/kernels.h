// What the kernel files share: the target attributes of the x86 paths, the
// per-file functions that fill a path's table, and the tail masks.
//
// Copyright the textgan authors. Licensed under the Apache License 2.0.

#ifndef CKERNELS_INTERNAL_H
#define CKERNELS_INTERNAL_H

#include "CKernels.h"
#include <stdint.h>
#include <string.h>

// One rounding per operation as written: a*b + c stays a product and a sum
// unless a kernel asks for _mm*_fmadd_ps itself. This is what keeps the
// elementwise and optimiser kernels bit-identical to the Swift loops (which
// LLVM never contracts) and the three paths identical to each other.
#pragma STDC FP_CONTRACT OFF

#if defined(__x86_64__)
#include <immintrin.h>
// Per-function targets: the package builds for baseline x86-64, and only the
// functions the dispatcher picks after checking cpuid use AVX2 or AVX-512.
#define CK_TARGET_AVX2 __attribute__((target("avx,avx2,fma")))
#define CK_TARGET_AVX512 __attribute__((target("avx,avx2,fma,avx512f")))
#define CK_HAVE_X86_PATHS 1
#else
#define CK_HAVE_X86_PATHS 0
#endif

// Each kernel file fills its entries of a path's table; dispatch.c calls them
// once. A file without a version for `path` leaves the entries alone.
void ck_fill_elementwise(ck_kernels *table, ck_path path);
void ck_fill_softmax(ck_kernels *table, ck_path path);
void ck_fill_optimizer(ck_kernels *table, ck_path path);
void ck_fill_winograd(ck_kernels *table, ck_path path);

#if CK_HAVE_X86_PATHS
// Lanes i < r of 8 set (r ≤ 8), for _mm256_maskload_ps / _mm256_maskstore_ps.
CK_TARGET_AVX2 static inline __m256i ck_tail_mask8(size_t r) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)r), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// Lanes i < r of 16 set (r ≤ 16).
CK_TARGET_AVX512 static inline __mmask16 ck_tail_mask16(size_t r) {
    return (__mmask16)((1u << r) - 1u);
}

// A one-input kernel NAME(x, y, n): y = F(x) on 8 (16) lanes at a time, then a
// masked tail. F is a vector function of one vector (ck_relu8, ck_exp8, …).
#define CK_UNARY_AVX2(NAME, F)                                                                \
    CK_TARGET_AVX2 static void NAME(const float *x, float *y, size_t n) {                     \
        size_t i = 0;                                                                         \
        for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, F(_mm256_loadu_ps(x + i)));       \
        if (i < n) {                                                                          \
            __m256i mask = ck_tail_mask8(n - i);                                              \
            _mm256_maskstore_ps(y + i, mask, F(_mm256_maskload_ps(x + i, mask)));             \
        }                                                                                     \
    }
#define CK_UNARY_AVX512(NAME, F)                                                              \
    CK_TARGET_AVX512 static void NAME(const float *x, float *y, size_t n) {                   \
        size_t i = 0;                                                                         \
        for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, F(_mm512_loadu_ps(x + i)));      \
        if (i < n) {                                                                          \
            __mmask16 mask = ck_tail_mask16(n - i);                                           \
            _mm512_mask_storeu_ps(y + i, mask, F(_mm512_maskz_loadu_ps(mask, x + i)));        \
        }                                                                                     \
    }
#endif

#endif
