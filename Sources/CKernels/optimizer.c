// Adam's update and the moving average of weights, one pass over a
// parameter: p, m, v and g are each read once and p, m, v written once (and
// the average, when it is kept, read and written in the same pass instead of
// a second sweep over p). The operations and their order are those of
// Adam.update in Sources/TextGAN/Optim/Adam.swift, one rounding each; division
// and square root are correctly rounded in every instruction set, so every
// path gives the Swift loop's bits and training does not depend on the CPU.
//
// Copyright the textgan authors. Licensed under the Apache License 2.0.

#include "kernels.h"
#include <math.h>

// √x without errno (so the loop vectorises): v / c2 is never negative here.
#if defined(__has_builtin) && __has_builtin(__builtin_elementwise_sqrt)
#define CK_SQRT(x) __builtin_elementwise_sqrt(x)
#else
#define CK_SQRT(x) sqrtf(x)
#endif

// MARK: - Baseline

// The update of one scalar, shared by both loops below.
static inline float ck_adam1(float *p, float *m, float *v, const float *g, size_t i, float b1, float b2, float keep1,
                             float keep2, float lr, float eps, float c1, float c2) {
    float mi = b1 * m[i] + keep1 * g[i];
    float vi = b2 * v[i] + keep2 * g[i] * g[i];
    float pi = p[i] - lr * (mi / c1) / (CK_SQRT(vi / c2) + eps);
    m[i] = mi, v[i] = vi, p[i] = pi;
    return pi;
}

static void adam_baseline(float *p, float *m, float *v, const float *g, size_t n, float b1, float b2, float lr,
                          float eps, float c1, float c2, float *average, float decay) {
    const float keep1 = 1.0f - b1, keep2 = 1.0f - b2, keep = 1.0f - decay;
    // Two loops rather than a test per element, so each one vectorises.
    if (average) {
        for (size_t i = 0; i < n; i++) {
            float pi = ck_adam1(p, m, v, g, i, b1, b2, keep1, keep2, lr, eps, c1, c2);
            average[i] = decay * average[i] + keep * pi;
        }
    } else {
        for (size_t i = 0; i < n; i++) ck_adam1(p, m, v, g, i, b1, b2, keep1, keep2, lr, eps, c1, c2);
    }
}

static void moving_average_baseline(float *average, const float *x, size_t n, float decay) {
    const float keep = 1.0f - decay;
    for (size_t i = 0; i < n; i++) average[i] = decay * average[i] + keep * x[i];
}

#if CK_HAVE_X86_PATHS

// MARK: - AVX2

// One vector of the update. Full vectors only: the tail goes through a
// stack copy, since masked stores are slow on AMD cores.
CK_TARGET_AVX2 static inline void ck_adam8(float *p, float *m, float *v, const float *g, __m256 b1, __m256 b2,
                                           __m256 keep1, __m256 keep2, __m256 lr, __m256 eps, __m256 c1, __m256 c2,
                                           float *average, __m256 decay, __m256 keep) {
    __m256 gi = _mm256_loadu_ps(g);
    __m256 mi = _mm256_add_ps(_mm256_mul_ps(b1, _mm256_loadu_ps(m)), _mm256_mul_ps(keep1, gi));
    __m256 vi = _mm256_add_ps(_mm256_mul_ps(b2, _mm256_loadu_ps(v)), _mm256_mul_ps(_mm256_mul_ps(keep2, gi), gi));
    __m256 step = _mm256_div_ps(_mm256_mul_ps(lr, _mm256_div_ps(mi, c1)), _mm256_add_ps(_mm256_sqrt_ps(_mm256_div_ps(vi, c2)), eps));
    __m256 pi = _mm256_sub_ps(_mm256_loadu_ps(p), step);
    _mm256_storeu_ps(m, mi);
    _mm256_storeu_ps(v, vi);
    _mm256_storeu_ps(p, pi);
    if (average) _mm256_storeu_ps(average, _mm256_add_ps(_mm256_mul_ps(decay, _mm256_loadu_ps(average)), _mm256_mul_ps(keep, pi)));
}

CK_TARGET_AVX2 static void adam_avx2(float *p, float *m, float *v, const float *g, size_t n, float b1, float b2, float lr,
                                     float eps, float c1, float c2, float *average, float decay) {
    const __m256 vb1 = _mm256_set1_ps(b1), vb2 = _mm256_set1_ps(b2);
    const __m256 keep1 = _mm256_set1_ps(1.0f - b1), keep2 = _mm256_set1_ps(1.0f - b2);
    const __m256 vlr = _mm256_set1_ps(lr), veps = _mm256_set1_ps(eps), vc1 = _mm256_set1_ps(c1), vc2 = _mm256_set1_ps(c2);
    const __m256 vdecay = _mm256_set1_ps(decay), keep = _mm256_set1_ps(1.0f - decay);
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        ck_adam8(p + i, m + i, v + i, g + i, vb1, vb2, keep1, keep2, vlr, veps, vc1, vc2, average ? average + i : NULL, vdecay, keep);
    if (i < n) {
        // Zeros past the end keep the spare lanes finite (v = 0 gives a step of 0).
        float tp[8] = {0}, tm[8] = {0}, tv[8] = {0}, tg[8] = {0}, ta[8] = {0};
        size_t r = n - i;
        memcpy(tp, p + i, r * sizeof(float)), memcpy(tm, m + i, r * sizeof(float));
        memcpy(tv, v + i, r * sizeof(float)), memcpy(tg, g + i, r * sizeof(float));
        if (average) memcpy(ta, average + i, r * sizeof(float));
        ck_adam8(tp, tm, tv, tg, vb1, vb2, keep1, keep2, vlr, veps, vc1, vc2, average ? ta : NULL, vdecay, keep);
        memcpy(p + i, tp, r * sizeof(float)), memcpy(m + i, tm, r * sizeof(float)), memcpy(v + i, tv, r * sizeof(float));
        if (average) memcpy(average + i, ta, r * sizeof(float));
    }
}

CK_TARGET_AVX2 static void moving_average_avx2(float *average, const float *x, size_t n, float decay) {
    const __m256 vdecay = _mm256_set1_ps(decay), keep = _mm256_set1_ps(1.0f - decay);
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(average + i, _mm256_add_ps(_mm256_mul_ps(vdecay, _mm256_loadu_ps(average + i)),
                                                    _mm256_mul_ps(keep, _mm256_loadu_ps(x + i))));
    if (i < n) {
        __m256i mask = ck_tail_mask8(n - i);
        __m256 a = _mm256_maskload_ps(average + i, mask), xi = _mm256_maskload_ps(x + i, mask);
        _mm256_maskstore_ps(average + i, mask, _mm256_add_ps(_mm256_mul_ps(vdecay, a), _mm256_mul_ps(keep, xi)));
    }
}

// MARK: - AVX-512

CK_TARGET_AVX512 static inline void ck_adam16(float *p, float *m, float *v, const float *g, __mmask16 mask, __m512 b1,
                                              __m512 b2, __m512 keep1, __m512 keep2, __m512 lr, __m512 eps, __m512 c1,
                                              __m512 c2, float *average, __m512 decay, __m512 keep) {
    __m512 gi = _mm512_maskz_loadu_ps(mask, g);
    __m512 mi = _mm512_add_ps(_mm512_mul_ps(b1, _mm512_maskz_loadu_ps(mask, m)), _mm512_mul_ps(keep1, gi));
    __m512 vi = _mm512_add_ps(_mm512_mul_ps(b2, _mm512_maskz_loadu_ps(mask, v)), _mm512_mul_ps(_mm512_mul_ps(keep2, gi), gi));
    __m512 step = _mm512_div_ps(_mm512_mul_ps(lr, _mm512_div_ps(mi, c1)), _mm512_add_ps(_mm512_sqrt_ps(_mm512_div_ps(vi, c2)), eps));
    __m512 pi = _mm512_sub_ps(_mm512_maskz_loadu_ps(mask, p), step);
    _mm512_mask_storeu_ps(m, mask, mi);
    _mm512_mask_storeu_ps(v, mask, vi);
    _mm512_mask_storeu_ps(p, mask, pi);
    if (average)
        _mm512_mask_storeu_ps(average, mask, _mm512_add_ps(_mm512_mul_ps(decay, _mm512_maskz_loadu_ps(mask, average)), _mm512_mul_ps(keep, pi)));
}

CK_TARGET_AVX512 static void adam_avx512(float *p, float *m, float *v, const float *g, size_t n, float b1, float b2, float lr,
                                         float eps, float c1, float c2, float *average, float decay) {
    const __m512 vb1 = _mm512_set1_ps(b1), vb2 = _mm512_set1_ps(b2);
    const __m512 keep1 = _mm512_set1_ps(1.0f - b1), keep2 = _mm512_set1_ps(1.0f - b2);
    const __m512 vlr = _mm512_set1_ps(lr), veps = _mm512_set1_ps(eps), vc1 = _mm512_set1_ps(c1), vc2 = _mm512_set1_ps(c2);
    const __m512 vdecay = _mm512_set1_ps(decay), keep = _mm512_set1_ps(1.0f - decay);
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        ck_adam16(p + i, m + i, v + i, g + i, (__mmask16)0xffff, vb1, vb2, keep1, keep2, vlr, veps, vc1, vc2,
                  average ? average + i : NULL, vdecay, keep);
    if (i < n)
        ck_adam16(p + i, m + i, v + i, g + i, ck_tail_mask16(n - i), vb1, vb2, keep1, keep2, vlr, veps, vc1, vc2,
                  average ? average + i : NULL, vdecay, keep);
}

CK_TARGET_AVX512 static void moving_average_avx512(float *average, const float *x, size_t n, float decay) {
    const __m512 vdecay = _mm512_set1_ps(decay), keep = _mm512_set1_ps(1.0f - decay);
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(average + i, _mm512_add_ps(_mm512_mul_ps(vdecay, _mm512_loadu_ps(average + i)),
                                                    _mm512_mul_ps(keep, _mm512_loadu_ps(x + i))));
    if (i < n) {
        __mmask16 mask = ck_tail_mask16(n - i);
        __m512 a = _mm512_maskz_loadu_ps(mask, average + i), xi = _mm512_maskz_loadu_ps(mask, x + i);
        _mm512_mask_storeu_ps(average + i, mask, _mm512_add_ps(_mm512_mul_ps(vdecay, a), _mm512_mul_ps(keep, xi)));
    }
}

#endif

void ck_fill_optimizer(ck_kernels *t, ck_path path) {
    switch (path) {
    case CK_PATH_BASELINE:
        t->adam = adam_baseline, t->moving_average = moving_average_baseline;
        break;
#if CK_HAVE_X86_PATHS
    case CK_PATH_AVX2:
        t->adam = adam_avx2, t->moving_average = moving_average_avx2;
        break;
    case CK_PATH_AVX512:
        t->adam = adam_avx512, t->moving_average = moving_average_avx512;
        break;
#endif
    default:
        break;
    }
}
