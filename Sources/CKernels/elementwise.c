// Elementwise kernels and the masks of their VJPs: add, sub, mul, a + s·b,
// x·s, relu, "g where m > 0" and select. Each element is rounded once per
// operation, as in the Swift loops they replace, so every path gives the same
// bits as ElementwiseKernels.zip/map; the vector paths only move more
// elements per instruction (these loops are bound by memory, not arithmetic).
//
// Copyright the textgan authors. Licensed under the Apache License 2.0.

#include "kernels.h"

// MARK: - Baseline: plain loops the compiler vectorises for the build target.

static void add_baseline(const float *a, const float *b, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = a[i] + b[i];
}

static void sub_baseline(const float *a, const float *b, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = a[i] - b[i];
}

static void mul_baseline(const float *a, const float *b, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = a[i] * b[i];
}

static void add_scaled_baseline(const float *a, const float *b, float s, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = a[i] + s * b[i];
}

static void scale_baseline(const float *x, float s, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = x[i] * s;
}

// Swift's max(x, 0) is `0 >= x ? 0 : x`: +0 for −0, NaN kept.
static void relu_baseline(const float *x, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = x[i] <= 0.0f ? 0.0f : x[i];
}

static void keep_where_positive_baseline(const float *g, const float *m, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = m[i] > 0.0f ? g[i] : 0.0f;
}

static void select_baseline(const float *c, const float *a, const float *b, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = (c[i] != 0.0f ? a[i] : b[i]) + 0.0f;
}

#if CK_HAVE_X86_PATHS

// MARK: - AVX2: 8 lanes, two vectors per iteration, a masked tail.

// The body of a two-input kernel: `OP(va, vb)` on 8 lanes at a time.
#define CK_BINARY_AVX2(NAME, OP)                                                          \
    CK_TARGET_AVX2 static void NAME##_avx2(const float *a, const float *b, float *y, size_t n) { \
        size_t i = 0;                                                                     \
        for (; i + 16 <= n; i += 16) {                                                    \
            __m256 va0 = _mm256_loadu_ps(a + i), vb0 = _mm256_loadu_ps(b + i);            \
            __m256 va1 = _mm256_loadu_ps(a + i + 8), vb1 = _mm256_loadu_ps(b + i + 8);    \
            _mm256_storeu_ps(y + i, OP(va0, vb0));                                        \
            _mm256_storeu_ps(y + i + 8, OP(va1, vb1));                                    \
        }                                                                                 \
        for (; i < n; i += 8) {                                                           \
            __m256i mask = ck_tail_mask8(n - i < 8 ? n - i : 8);                          \
            __m256 va = _mm256_maskload_ps(a + i, mask), vb = _mm256_maskload_ps(b + i, mask); \
            _mm256_maskstore_ps(y + i, mask, OP(va, vb));                                 \
        }                                                                                 \
    }

#define CK_ADD8(a, b) _mm256_add_ps(a, b)
#define CK_SUB8(a, b) _mm256_sub_ps(a, b)
#define CK_MUL8(a, b) _mm256_mul_ps(a, b)
// m > 0 (ordered: NaN is false) keeps g.
#define CK_KEEP8(g, m) _mm256_and_ps(_mm256_cmp_ps(m, _mm256_setzero_ps(), _CMP_GT_OQ), g)
CK_BINARY_AVX2(add, CK_ADD8)
CK_BINARY_AVX2(sub, CK_SUB8)
CK_BINARY_AVX2(mul, CK_MUL8)

CK_TARGET_AVX2 static void keep_where_positive_avx2(const float *g, const float *m, float *y, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, CK_KEEP8(_mm256_loadu_ps(g + i), _mm256_loadu_ps(m + i)));
    if (i < n) {
        __m256i mask = ck_tail_mask8(n - i);
        __m256 vg = _mm256_maskload_ps(g + i, mask), vm = _mm256_maskload_ps(m + i, mask);
        _mm256_maskstore_ps(y + i, mask, CK_KEEP8(vg, vm));
    }
}

CK_TARGET_AVX2 static void add_scaled_avx2(const float *a, const float *b, float s, float *y, size_t n) {
    __m256 vs = _mm256_set1_ps(s);
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_add_ps(_mm256_loadu_ps(a + i), _mm256_mul_ps(vs, _mm256_loadu_ps(b + i))));
    if (i < n) {
        __m256i mask = ck_tail_mask8(n - i);
        __m256 va = _mm256_maskload_ps(a + i, mask), vb = _mm256_maskload_ps(b + i, mask);
        _mm256_maskstore_ps(y + i, mask, _mm256_add_ps(va, _mm256_mul_ps(vs, vb)));
    }
}

CK_TARGET_AVX2 static void scale_avx2(const float *x, float s, float *y, size_t n) {
    __m256 vs = _mm256_set1_ps(s);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), vs));
    if (i < n) {
        __m256i mask = ck_tail_mask8(n - i);
        _mm256_maskstore_ps(y + i, mask, _mm256_mul_ps(_mm256_maskload_ps(x + i, mask), vs));
    }
}

// x ≤ 0 (ordered) gives +0, everything else (NaN too) x: Swift's max(x, 0).
CK_TARGET_AVX2 static inline __m256 ck_relu8(__m256 x) {
    return _mm256_andnot_ps(_mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LE_OQ), x);
}

CK_UNARY_AVX2(relu_avx2, ck_relu8)

// c ≠ 0 (unordered: NaN is true) picks a; + 0 turns −0 into +0.
CK_TARGET_AVX2 static inline __m256 ck_select8(__m256 c, __m256 a, __m256 b) {
    __m256 zero = _mm256_setzero_ps();
    return _mm256_add_ps(_mm256_blendv_ps(b, a, _mm256_cmp_ps(c, zero, _CMP_NEQ_UQ)), zero);
}

CK_TARGET_AVX2 static void select_avx2(const float *c, const float *a, const float *b, float *y, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, ck_select8(_mm256_loadu_ps(c + i), _mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
    if (i < n) {
        __m256i mask = ck_tail_mask8(n - i);
        __m256 vc = _mm256_maskload_ps(c + i, mask), va = _mm256_maskload_ps(a + i, mask);
        __m256 vb = _mm256_maskload_ps(b + i, mask);
        _mm256_maskstore_ps(y + i, mask, ck_select8(vc, va, vb));
    }
}

// MARK: - AVX-512: 16 lanes, two vectors per iteration, a masked tail.

#define CK_BINARY_AVX512(NAME, OP)                                                          \
    CK_TARGET_AVX512 static void NAME##_avx512(const float *a, const float *b, float *y, size_t n) { \
        size_t i = 0;                                                                       \
        for (; i + 32 <= n; i += 32) {                                                      \
            __m512 va0 = _mm512_loadu_ps(a + i), vb0 = _mm512_loadu_ps(b + i);              \
            __m512 va1 = _mm512_loadu_ps(a + i + 16), vb1 = _mm512_loadu_ps(b + i + 16);    \
            _mm512_storeu_ps(y + i, OP(va0, vb0));                                          \
            _mm512_storeu_ps(y + i + 16, OP(va1, vb1));                                     \
        }                                                                                   \
        for (; i < n; i += 16) {                                                            \
            __mmask16 mask = ck_tail_mask16(n - i < 16 ? n - i : 16);                       \
            __m512 va = _mm512_maskz_loadu_ps(mask, a + i), vb = _mm512_maskz_loadu_ps(mask, b + i); \
            _mm512_mask_storeu_ps(y + i, mask, OP(va, vb));                                 \
        }                                                                                   \
    }

#define CK_ADD16(a, b) _mm512_add_ps(a, b)
#define CK_SUB16(a, b) _mm512_sub_ps(a, b)
#define CK_MUL16(a, b) _mm512_mul_ps(a, b)
// g where m > 0 (ordered), +0 elsewhere.
#define CK_KEEP16(g, m) _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(m, _mm512_setzero_ps(), _CMP_GT_OQ), g)
CK_BINARY_AVX512(add, CK_ADD16)
CK_BINARY_AVX512(sub, CK_SUB16)
CK_BINARY_AVX512(mul, CK_MUL16)
CK_BINARY_AVX512(keep_where_positive, CK_KEEP16)

CK_TARGET_AVX512 static void add_scaled_avx512(const float *a, const float *b, float s, float *y, size_t n) {
    __m512 vs = _mm512_set1_ps(s);
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(y + i, _mm512_add_ps(_mm512_loadu_ps(a + i), _mm512_mul_ps(vs, _mm512_loadu_ps(b + i))));
    if (i < n) {
        __mmask16 mask = ck_tail_mask16(n - i);
        __m512 va = _mm512_maskz_loadu_ps(mask, a + i), vb = _mm512_maskz_loadu_ps(mask, b + i);
        _mm512_mask_storeu_ps(y + i, mask, _mm512_add_ps(va, _mm512_mul_ps(vs, vb)));
    }
}

CK_TARGET_AVX512 static void scale_avx512(const float *x, float s, float *y, size_t n) {
    __m512 vs = _mm512_set1_ps(s);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, _mm512_mul_ps(_mm512_loadu_ps(x + i), vs));
    if (i < n) {
        __mmask16 mask = ck_tail_mask16(n - i);
        _mm512_mask_storeu_ps(y + i, mask, _mm512_mul_ps(_mm512_maskz_loadu_ps(mask, x + i), vs));
    }
}

// Keeps x where x ≤ 0 is false (x > 0 or NaN), +0 elsewhere.
CK_TARGET_AVX512 static inline __m512 ck_relu16(__m512 x) {
    return _mm512_maskz_mov_ps(_mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_NLE_UQ), x);
}

CK_UNARY_AVX512(relu_avx512, ck_relu16)

CK_TARGET_AVX512 static inline __m512 ck_select16(__m512 c, __m512 a, __m512 b) {
    __m512 zero = _mm512_setzero_ps();
    __mmask16 pick_a = _mm512_cmp_ps_mask(c, zero, _CMP_NEQ_UQ);
    return _mm512_add_ps(_mm512_mask_mov_ps(b, pick_a, a), zero);
}

CK_TARGET_AVX512 static void select_avx512(const float *c, const float *a, const float *b, float *y, size_t n) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(y + i, ck_select16(_mm512_loadu_ps(c + i), _mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i)));
    if (i < n) {
        __mmask16 mask = ck_tail_mask16(n - i);
        __m512 vc = _mm512_maskz_loadu_ps(mask, c + i), va = _mm512_maskz_loadu_ps(mask, a + i);
        __m512 vb = _mm512_maskz_loadu_ps(mask, b + i);
        _mm512_mask_storeu_ps(y + i, mask, ck_select16(vc, va, vb));
    }
}

#endif

void ck_fill_elementwise(ck_kernels *t, ck_path path) {
    switch (path) {
    case CK_PATH_BASELINE:
        t->add = add_baseline, t->sub = sub_baseline, t->mul = mul_baseline;
        t->add_scaled = add_scaled_baseline, t->scale = scale_baseline, t->relu = relu_baseline;
        t->keep_where_positive = keep_where_positive_baseline, t->select = select_baseline;
        break;
#if CK_HAVE_X86_PATHS
    case CK_PATH_AVX2:
        t->add = add_avx2, t->sub = sub_avx2, t->mul = mul_avx2;
        t->add_scaled = add_scaled_avx2, t->scale = scale_avx2, t->relu = relu_avx2;
        t->keep_where_positive = keep_where_positive_avx2, t->select = select_avx2;
        break;
    case CK_PATH_AVX512:
        t->add = add_avx512, t->sub = sub_avx512, t->mul = mul_avx512;
        t->add_scaled = add_scaled_avx512, t->scale = scale_avx512, t->relu = relu_avx512;
        t->keep_where_positive = keep_where_positive_avx512, t->select = select_avx512;
        break;
#endif
    default:
        break;
    }
}
