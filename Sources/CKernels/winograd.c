// The row combinations of Winograd's transforms (Sources/Engine/Tensor/
// WinogradTransforms8.swift and WinogradPairs.swift hold the Swift versions
// and say what each computes): `out_q = Σ_l c[q, l]·row_l` over a run of
// channels, with the coefficients in registers.
//
// The portable path keeps the Swift loops' order of operations, so it gives
// their bits. The AVX2 and AVX-512 paths fuse each multiply-add (one rounding
// instead of two), so they differ from it by roundoff and agree with each other.
//
// Copyright the textgan authors. Licensed under the Apache License 2.0.

#include "kernels.h"

// MARK: - Baseline: the Swift loops, in C.

static void combine_rows_baseline(const float *c, ck_rows d, size_t sources, size_t outputs, size_t count,
                                  float *out, size_t stride) {
    if (sources == 8) {
        const float *d0 = d[0], *d1 = d[1], *d2 = d[2], *d3 = d[3], *d4 = d[4], *d5 = d[5], *d6 = d[6], *d7 = d[7];
        for (size_t q = 0; q < outputs; q++) {
            const float *r = c + 8 * q;
            float c0 = r[0], c1 = r[1], c2 = r[2], c3 = r[3], c4 = r[4], c5 = r[5], c6 = r[6], c7 = r[7];
            float *dst = out + q * stride;
            for (size_t i = 0; i < count; i++) {
                float low = c0 * d0[i] + c1 * d1[i] + c2 * d2[i] + c3 * d3[i];
                float high = c4 * d4[i] + c5 * d5[i] + c6 * d6[i] + c7 * d7[i];
                dst[i] = low + high;
            }
        }
    } else if (sources == 4) {
        const float *d0 = d[0], *d1 = d[1], *d2 = d[2], *d3 = d[3];
        for (size_t q = 0; q < outputs; q++) {
            const float *r = c + 4 * q;
            float c0 = r[0], c1 = r[1], c2 = r[2], c3 = r[3];
            float *dst = out + q * stride;
            for (size_t i = 0; i < count; i++) dst[i] = c0 * d0[i] + c1 * d1[i] + c2 * d2[i] + c3 * d3[i];
        }
    } else {
        for (size_t q = 0; q < outputs; q++) {
            float *dst = out + q * stride;
            for (size_t i = 0; i < count; i++) dst[i] = 0.0f;
            for (size_t l = 0; l < sources; l++) {
                float coefficient = c[q * sources + l];
                if (coefficient == 0.0f) continue;
                const float *src = d[l];
                for (size_t i = 0; i < count; i++) dst[i] += coefficient * src[i];
            }
        }
    }
}

static void combine_paired_rows8_baseline(const float *c, ck_rows d, size_t count, float *out, size_t stride) {
    combine_rows_baseline(c, d, 8, 1, count, out, stride);
    combine_rows_baseline(c + 8 * 7, d, 8, 1, count, out + 7 * stride, stride);
    const float *d0 = d[0], *d1 = d[1], *d2 = d[2], *d3 = d[3], *d4 = d[4], *d5 = d[5], *d6 = d[6], *d7 = d[7];
    for (size_t a = 1; a < 7; a += 2) {
        const float *r = c + 8 * a;
        float c0 = r[0], c1 = r[1], c2 = r[2], c3 = r[3], c4 = r[4], c5 = r[5], c6 = r[6], c7 = r[7];
        float *plus = out + a * stride, *minus = out + (a + 1) * stride;
        for (size_t i = 0; i < count; i++) {
            float even = c0 * d0[i] + c2 * d2[i] + c4 * d4[i] + c6 * d6[i];
            float odd = c1 * d1[i] + c3 * d3[i] + c5 * d5[i] + c7 * d7[i];
            plus[i] = even + odd;
            minus[i] = even - odd;
        }
    }
}

static void combine_paired_rows4_baseline(const float *c, ck_rows d, size_t count, float *out, size_t stride) {
    combine_rows_baseline(c, d, 4, 1, count, out, stride);
    combine_rows_baseline(c + 4 * 7, d, 4, 1, count, out + 7 * stride, stride);
    const float *d0 = d[0], *d1 = d[1], *d2 = d[2], *d3 = d[3];
    for (size_t a = 1; a < 7; a += 2) {
        const float *r = c + 4 * a;
        float c0 = r[0], c1 = r[1], c2 = r[2], c3 = r[3];
        float *plus = out + a * stride, *minus = out + (a + 1) * stride;
        for (size_t i = 0; i < count; i++) {
            float even = c0 * d0[i] + c2 * d2[i];
            float odd = c1 * d1[i] + c3 * d3[i];
            plus[i] = even + odd;
            minus[i] = even - odd;
        }
    }
}

static void combine_paired_columns8_baseline(const float *c, ck_rows p, size_t outputs, size_t count,
                                             float *y, size_t stride) {
    const float *p0 = p[0], *p1 = p[1], *p2 = p[2], *p3 = p[3], *p4 = p[4], *p5 = p[5], *p6 = p[6], *p7 = p[7];
    for (size_t s = 0; s < outputs; s++) {
        const float *r = c + 8 * s;
        float c0 = r[0], c1 = r[1], c3 = r[3], c5 = r[5], c7 = r[7];
        float *dst = y + s * stride;
        if (s % 2 == 0) {
            for (size_t i = 0; i < count; i++)
                dst[i] = c0 * p0[i] + c1 * (p1[i] + p2[i]) + c3 * (p3[i] + p4[i]) + c5 * (p5[i] + p6[i]) + c7 * p7[i];
        } else {
            for (size_t i = 0; i < count; i++)
                dst[i] = c0 * p0[i] + c1 * (p1[i] - p2[i]) + c3 * (p3[i] - p4[i]) + c5 * (p5[i] - p6[i]) + c7 * p7[i];
        }
    }
}

#if CK_HAVE_X86_PATHS

// MARK: - AVX2 + FMA
//
// Each kernel walks the channels 8 at a time; the last partial vector uses
// masked loads and stores (channel counts are multiples of 8 in the models, so
// that path is rare).

// Loads 8 lanes at `p + i`, masked when fewer than 8 remain.
#define CK_LOAD8(p) (full ? _mm256_loadu_ps((p) + i) : _mm256_maskload_ps((p) + i, mask))
#define CK_STORE8(p, v)                                         \
    do {                                                        \
        if (full) _mm256_storeu_ps((p) + i, v);                 \
        else _mm256_maskstore_ps((p) + i, mask, v);             \
    } while (0)

// Chunk i's source vectors are loaded once and every output is written from
// them in registers, instead of reloading the sources for each output. With 3
// to 7 sources every coefficient is multiplied, zeros included: testing them
// costs more than the multiply-adds it saves (clang turns the test into a blend
// per term), and a zero term changes an output only when a source is infinite
// or NaN (it then reads NaN) or when the sum is −0 (it reads +0). The Swift
// loops and the portable path skip zeros. Each output adds its terms lowest
// source first, on AVX2 and AVX-512 alike, so the two give the same bits.
#define CK_COMBINE_ROWS_AVX2(S)                                                                    \
    CK_TARGET_AVX2 static void combine_rows##S##_avx2(const float *c, ck_rows d, size_t outputs,   \
                                                      size_t count, float *out, size_t stride) {   \
        for (size_t i = 0; i < count; i += 8) {                                                    \
            int full = count - i >= 8;                                                             \
            __m256i mask = ck_tail_mask8(full ? 8 : count - i);                                    \
            __m256 v[S];                                                                           \
            for (size_t l = 0; l < S; l++) v[l] = CK_LOAD8(d[l]);                                  \
            for (size_t q = 0; q < outputs; q++) {                                                 \
                const float *r = c + S * q;                                                        \
                __m256 acc = _mm256_mul_ps(_mm256_set1_ps(r[0]), v[0]);                            \
                for (size_t l = 1; l < S; l++) acc = _mm256_fmadd_ps(_mm256_set1_ps(r[l]), v[l], acc); \
                CK_STORE8(out + q * stride, acc);                                                  \
            }                                                                                      \
        }                                                                                          \
    }
CK_COMBINE_ROWS_AVX2(3)
CK_COMBINE_ROWS_AVX2(4)
CK_COMBINE_ROWS_AVX2(5)
CK_COMBINE_ROWS_AVX2(6)
CK_COMBINE_ROWS_AVX2(7)
#undef CK_COMBINE_ROWS_AVX2

// Eight sources: two sums of four, as the Swift loop adds them.
CK_TARGET_AVX2 static void combine_rows8_avx2(const float *c, ck_rows d, size_t outputs, size_t count,
                                              float *out, size_t stride) {
    for (size_t i = 0; i < count; i += 8) {
        int full = count - i >= 8;
        __m256i mask = ck_tail_mask8(full ? 8 : count - i);
        __m256 v0 = CK_LOAD8(d[0]), v1 = CK_LOAD8(d[1]), v2 = CK_LOAD8(d[2]), v3 = CK_LOAD8(d[3]);
        __m256 v4 = CK_LOAD8(d[4]), v5 = CK_LOAD8(d[5]), v6 = CK_LOAD8(d[6]), v7 = CK_LOAD8(d[7]);
        for (size_t q = 0; q < outputs; q++) {
            const float *r = c + 8 * q;
            __m256 low = _mm256_mul_ps(_mm256_set1_ps(r[0]), v0);
            low = _mm256_fmadd_ps(_mm256_set1_ps(r[1]), v1, low);
            low = _mm256_fmadd_ps(_mm256_set1_ps(r[2]), v2, low);
            low = _mm256_fmadd_ps(_mm256_set1_ps(r[3]), v3, low);
            __m256 high = _mm256_mul_ps(_mm256_set1_ps(r[4]), v4);
            high = _mm256_fmadd_ps(_mm256_set1_ps(r[5]), v5, high);
            high = _mm256_fmadd_ps(_mm256_set1_ps(r[6]), v6, high);
            high = _mm256_fmadd_ps(_mm256_set1_ps(r[7]), v7, high);
            CK_STORE8(out + q * stride, _mm256_add_ps(low, high));
        }
    }
}

CK_TARGET_AVX2 static void combine_rows_avx2(const float *c, ck_rows d, size_t sources, size_t outputs,
                                             size_t count, float *out, size_t stride) {
    switch (sources) {
    case 3: combine_rows3_avx2(c, d, outputs, count, out, stride); return;
    case 4: combine_rows4_avx2(c, d, outputs, count, out, stride); return;
    case 5: combine_rows5_avx2(c, d, outputs, count, out, stride); return;
    case 6: combine_rows6_avx2(c, d, outputs, count, out, stride); return;
    case 7: combine_rows7_avx2(c, d, outputs, count, out, stride); return;
    case 8: combine_rows8_avx2(c, d, outputs, count, out, stride); return;
    default: break;
    }
    for (size_t q = 0; q < outputs; q++) {
        const float *r = c + sources * q;
        float *dst = out + q * stride;
        for (size_t i = 0; i < count; i += 8) {
            int full = count - i >= 8;
            __m256i mask = ck_tail_mask8(full ? 8 : count - i);
            __m256 acc = _mm256_setzero_ps();
            for (size_t l = 0; l < sources; l++)
                if (r[l] != 0.0f) acc = _mm256_fmadd_ps(_mm256_set1_ps(r[l]), CK_LOAD8(d[l]), acc);
            CK_STORE8(dst, acc);
        }
    }
}

CK_TARGET_AVX2 static void combine_paired_rows8_avx2(const float *c, ck_rows d, size_t count, float *out,
                                                     size_t stride) {
    combine_rows_avx2(c, d, 8, 1, count, out, stride);
    combine_rows_avx2(c + 8 * 7, d, 8, 1, count, out + 7 * stride, stride);
    for (size_t i = 0; i < count; i += 8) {
        int full = count - i >= 8;
        __m256i mask = ck_tail_mask8(full ? 8 : count - i);
        __m256 v0 = CK_LOAD8(d[0]), v1 = CK_LOAD8(d[1]), v2 = CK_LOAD8(d[2]), v3 = CK_LOAD8(d[3]);
        __m256 v4 = CK_LOAD8(d[4]), v5 = CK_LOAD8(d[5]), v6 = CK_LOAD8(d[6]), v7 = CK_LOAD8(d[7]);
        for (size_t a = 1; a < 7; a += 2) {
            const float *r = c + 8 * a;
            __m256 even = _mm256_mul_ps(_mm256_set1_ps(r[0]), v0);
            even = _mm256_fmadd_ps(_mm256_set1_ps(r[2]), v2, even);
            even = _mm256_fmadd_ps(_mm256_set1_ps(r[4]), v4, even);
            even = _mm256_fmadd_ps(_mm256_set1_ps(r[6]), v6, even);
            __m256 odd = _mm256_mul_ps(_mm256_set1_ps(r[1]), v1);
            odd = _mm256_fmadd_ps(_mm256_set1_ps(r[3]), v3, odd);
            odd = _mm256_fmadd_ps(_mm256_set1_ps(r[5]), v5, odd);
            odd = _mm256_fmadd_ps(_mm256_set1_ps(r[7]), v7, odd);
            CK_STORE8(out + a * stride, _mm256_add_ps(even, odd));
            CK_STORE8(out + (a + 1) * stride, _mm256_sub_ps(even, odd));
        }
    }
}

CK_TARGET_AVX2 static void combine_paired_rows4_avx2(const float *c, ck_rows d, size_t count, float *out,
                                                     size_t stride) {
    for (size_t i = 0; i < count; i += 8) {
        int full = count - i >= 8;
        __m256i mask = ck_tail_mask8(full ? 8 : count - i);
        __m256 v0 = CK_LOAD8(d[0]), v1 = CK_LOAD8(d[1]), v2 = CK_LOAD8(d[2]), v3 = CK_LOAD8(d[3]);
        for (size_t q = 0; q < 8; q += 7) {  // the single rows 0 and 7
            const float *r = c + 4 * q;
            __m256 acc = _mm256_mul_ps(_mm256_set1_ps(r[0]), v0);
            acc = _mm256_fmadd_ps(_mm256_set1_ps(r[1]), v1, acc);
            acc = _mm256_fmadd_ps(_mm256_set1_ps(r[2]), v2, acc);
            acc = _mm256_fmadd_ps(_mm256_set1_ps(r[3]), v3, acc);
            CK_STORE8(out + q * stride, acc);
        }
        for (size_t a = 1; a < 7; a += 2) {
            const float *r = c + 4 * a;
            __m256 even = _mm256_fmadd_ps(_mm256_set1_ps(r[2]), v2, _mm256_mul_ps(_mm256_set1_ps(r[0]), v0));
            __m256 odd = _mm256_fmadd_ps(_mm256_set1_ps(r[3]), v3, _mm256_mul_ps(_mm256_set1_ps(r[1]), v1));
            CK_STORE8(out + a * stride, _mm256_add_ps(even, odd));
            CK_STORE8(out + (a + 1) * stride, _mm256_sub_ps(even, odd));
        }
    }
}

CK_TARGET_AVX2 static void combine_paired_columns8_avx2(const float *c, ck_rows p, size_t outputs, size_t count,
                                                        float *y, size_t stride) {
    for (size_t i = 0; i < count; i += 8) {
        int full = count - i >= 8;
        __m256i mask = ck_tail_mask8(full ? 8 : count - i);
        __m256 p0 = CK_LOAD8(p[0]), p7 = CK_LOAD8(p[7]);
        __m256 p1 = CK_LOAD8(p[1]), p2 = CK_LOAD8(p[2]), p3 = CK_LOAD8(p[3]), p4 = CK_LOAD8(p[4]);
        __m256 p5 = CK_LOAD8(p[5]), p6 = CK_LOAD8(p[6]);
        // Even outputs weigh the pairs' sums, odd outputs their differences.
        __m256 sum12 = _mm256_add_ps(p1, p2), sum34 = _mm256_add_ps(p3, p4), sum56 = _mm256_add_ps(p5, p6);
        __m256 dif12 = _mm256_sub_ps(p1, p2), dif34 = _mm256_sub_ps(p3, p4), dif56 = _mm256_sub_ps(p5, p6);
        for (size_t s = 0; s < outputs; s++) {
            const float *r = c + 8 * s;
            int even = s % 2 == 0;
            __m256 acc = _mm256_mul_ps(_mm256_set1_ps(r[0]), p0);
            acc = _mm256_fmadd_ps(_mm256_set1_ps(r[1]), even ? sum12 : dif12, acc);
            acc = _mm256_fmadd_ps(_mm256_set1_ps(r[3]), even ? sum34 : dif34, acc);
            acc = _mm256_fmadd_ps(_mm256_set1_ps(r[5]), even ? sum56 : dif56, acc);
            acc = _mm256_fmadd_ps(_mm256_set1_ps(r[7]), p7, acc);
            CK_STORE8(y + s * stride, acc);
        }
    }
}

#undef CK_LOAD8
#undef CK_STORE8

// MARK: - AVX-512: the same on 16 lanes (masked loads and stores are cheap here).

#define CK_LOAD16(p) _mm512_maskz_loadu_ps(mask, (p) + i)
#define CK_STORE16(p, v) _mm512_mask_storeu_ps((p) + i, mask, v)
#define CK_MASK16 __mmask16 mask = ck_tail_mask16(count - i >= 16 ? 16 : count - i)

// As on AVX2: the sources loaded once per chunk, every coefficient multiplied.
#define CK_COMBINE_ROWS_AVX512(S)                                                                    \
    CK_TARGET_AVX512 static void combine_rows##S##_avx512(const float *c, ck_rows d, size_t outputs, \
                                                          size_t count, float *out, size_t stride) { \
        for (size_t i = 0; i < count; i += 16) {                                                     \
            CK_MASK16;                                                                               \
            __m512 v[S];                                                                             \
            for (size_t l = 0; l < S; l++) v[l] = CK_LOAD16(d[l]);                                   \
            for (size_t q = 0; q < outputs; q++) {                                                   \
                const float *r = c + S * q;                                                          \
                __m512 acc = _mm512_mul_ps(_mm512_set1_ps(r[0]), v[0]);                              \
                for (size_t l = 1; l < S; l++) acc = _mm512_fmadd_ps(_mm512_set1_ps(r[l]), v[l], acc); \
                CK_STORE16(out + q * stride, acc);                                                   \
            }                                                                                        \
        }                                                                                            \
    }
CK_COMBINE_ROWS_AVX512(3)
CK_COMBINE_ROWS_AVX512(4)
CK_COMBINE_ROWS_AVX512(5)
CK_COMBINE_ROWS_AVX512(6)
CK_COMBINE_ROWS_AVX512(7)
#undef CK_COMBINE_ROWS_AVX512

CK_TARGET_AVX512 static void combine_rows8_avx512(const float *c, ck_rows d, size_t outputs, size_t count,
                                                  float *out, size_t stride) {
    for (size_t i = 0; i < count; i += 16) {
        CK_MASK16;
        __m512 v0 = CK_LOAD16(d[0]), v1 = CK_LOAD16(d[1]), v2 = CK_LOAD16(d[2]), v3 = CK_LOAD16(d[3]);
        __m512 v4 = CK_LOAD16(d[4]), v5 = CK_LOAD16(d[5]), v6 = CK_LOAD16(d[6]), v7 = CK_LOAD16(d[7]);
        for (size_t q = 0; q < outputs; q++) {
            const float *r = c + 8 * q;
            __m512 low = _mm512_mul_ps(_mm512_set1_ps(r[0]), v0);
            low = _mm512_fmadd_ps(_mm512_set1_ps(r[1]), v1, low);
            low = _mm512_fmadd_ps(_mm512_set1_ps(r[2]), v2, low);
            low = _mm512_fmadd_ps(_mm512_set1_ps(r[3]), v3, low);
            __m512 high = _mm512_mul_ps(_mm512_set1_ps(r[4]), v4);
            high = _mm512_fmadd_ps(_mm512_set1_ps(r[5]), v5, high);
            high = _mm512_fmadd_ps(_mm512_set1_ps(r[6]), v6, high);
            high = _mm512_fmadd_ps(_mm512_set1_ps(r[7]), v7, high);
            CK_STORE16(out + q * stride, _mm512_add_ps(low, high));
        }
    }
}

CK_TARGET_AVX512 static void combine_rows_avx512(const float *c, ck_rows d, size_t sources, size_t outputs,
                                                 size_t count, float *out, size_t stride) {
    switch (sources) {
    case 3: combine_rows3_avx512(c, d, outputs, count, out, stride); return;
    case 4: combine_rows4_avx512(c, d, outputs, count, out, stride); return;
    case 5: combine_rows5_avx512(c, d, outputs, count, out, stride); return;
    case 6: combine_rows6_avx512(c, d, outputs, count, out, stride); return;
    case 7: combine_rows7_avx512(c, d, outputs, count, out, stride); return;
    case 8: combine_rows8_avx512(c, d, outputs, count, out, stride); return;
    default: break;
    }
    for (size_t q = 0; q < outputs; q++) {
        const float *r = c + sources * q;
        float *dst = out + q * stride;
        for (size_t i = 0; i < count; i += 16) {
            CK_MASK16;
            __m512 acc = _mm512_setzero_ps();
            for (size_t l = 0; l < sources; l++)
                if (r[l] != 0.0f) acc = _mm512_fmadd_ps(_mm512_set1_ps(r[l]), CK_LOAD16(d[l]), acc);
            CK_STORE16(dst, acc);
        }
    }
}

CK_TARGET_AVX512 static void combine_paired_rows8_avx512(const float *c, ck_rows d, size_t count, float *out,
                                                         size_t stride) {
    combine_rows_avx512(c, d, 8, 1, count, out, stride);
    combine_rows_avx512(c + 8 * 7, d, 8, 1, count, out + 7 * stride, stride);
    for (size_t i = 0; i < count; i += 16) {
        CK_MASK16;
        __m512 v0 = CK_LOAD16(d[0]), v1 = CK_LOAD16(d[1]), v2 = CK_LOAD16(d[2]), v3 = CK_LOAD16(d[3]);
        __m512 v4 = CK_LOAD16(d[4]), v5 = CK_LOAD16(d[5]), v6 = CK_LOAD16(d[6]), v7 = CK_LOAD16(d[7]);
        for (size_t a = 1; a < 7; a += 2) {
            const float *r = c + 8 * a;
            __m512 even = _mm512_mul_ps(_mm512_set1_ps(r[0]), v0);
            even = _mm512_fmadd_ps(_mm512_set1_ps(r[2]), v2, even);
            even = _mm512_fmadd_ps(_mm512_set1_ps(r[4]), v4, even);
            even = _mm512_fmadd_ps(_mm512_set1_ps(r[6]), v6, even);
            __m512 odd = _mm512_mul_ps(_mm512_set1_ps(r[1]), v1);
            odd = _mm512_fmadd_ps(_mm512_set1_ps(r[3]), v3, odd);
            odd = _mm512_fmadd_ps(_mm512_set1_ps(r[5]), v5, odd);
            odd = _mm512_fmadd_ps(_mm512_set1_ps(r[7]), v7, odd);
            CK_STORE16(out + a * stride, _mm512_add_ps(even, odd));
            CK_STORE16(out + (a + 1) * stride, _mm512_sub_ps(even, odd));
        }
    }
}

CK_TARGET_AVX512 static void combine_paired_rows4_avx512(const float *c, ck_rows d, size_t count, float *out,
                                                         size_t stride) {
    for (size_t i = 0; i < count; i += 16) {
        CK_MASK16;
        __m512 v0 = CK_LOAD16(d[0]), v1 = CK_LOAD16(d[1]), v2 = CK_LOAD16(d[2]), v3 = CK_LOAD16(d[3]);
        for (size_t q = 0; q < 8; q += 7) {
            const float *r = c + 4 * q;
            __m512 acc = _mm512_mul_ps(_mm512_set1_ps(r[0]), v0);
            acc = _mm512_fmadd_ps(_mm512_set1_ps(r[1]), v1, acc);
            acc = _mm512_fmadd_ps(_mm512_set1_ps(r[2]), v2, acc);
            acc = _mm512_fmadd_ps(_mm512_set1_ps(r[3]), v3, acc);
            CK_STORE16(out + q * stride, acc);
        }
        for (size_t a = 1; a < 7; a += 2) {
            const float *r = c + 4 * a;
            __m512 even = _mm512_fmadd_ps(_mm512_set1_ps(r[2]), v2, _mm512_mul_ps(_mm512_set1_ps(r[0]), v0));
            __m512 odd = _mm512_fmadd_ps(_mm512_set1_ps(r[3]), v3, _mm512_mul_ps(_mm512_set1_ps(r[1]), v1));
            CK_STORE16(out + a * stride, _mm512_add_ps(even, odd));
            CK_STORE16(out + (a + 1) * stride, _mm512_sub_ps(even, odd));
        }
    }
}

CK_TARGET_AVX512 static void combine_paired_columns8_avx512(const float *c, ck_rows p, size_t outputs,
                                                            size_t count, float *y, size_t stride) {
    for (size_t i = 0; i < count; i += 16) {
        CK_MASK16;
        __m512 p0 = CK_LOAD16(p[0]), p7 = CK_LOAD16(p[7]);
        __m512 p1 = CK_LOAD16(p[1]), p2 = CK_LOAD16(p[2]), p3 = CK_LOAD16(p[3]), p4 = CK_LOAD16(p[4]);
        __m512 p5 = CK_LOAD16(p[5]), p6 = CK_LOAD16(p[6]);
        __m512 sum12 = _mm512_add_ps(p1, p2), sum34 = _mm512_add_ps(p3, p4), sum56 = _mm512_add_ps(p5, p6);
        __m512 dif12 = _mm512_sub_ps(p1, p2), dif34 = _mm512_sub_ps(p3, p4), dif56 = _mm512_sub_ps(p5, p6);
        for (size_t s = 0; s < outputs; s++) {
            const float *r = c + 8 * s;
            int even = s % 2 == 0;
            __m512 acc = _mm512_mul_ps(_mm512_set1_ps(r[0]), p0);
            acc = _mm512_fmadd_ps(_mm512_set1_ps(r[1]), even ? sum12 : dif12, acc);
            acc = _mm512_fmadd_ps(_mm512_set1_ps(r[3]), even ? sum34 : dif34, acc);
            acc = _mm512_fmadd_ps(_mm512_set1_ps(r[5]), even ? sum56 : dif56, acc);
            acc = _mm512_fmadd_ps(_mm512_set1_ps(r[7]), p7, acc);
            CK_STORE16(y + s * stride, acc);
        }
    }
}

#undef CK_LOAD16
#undef CK_STORE16
#undef CK_MASK16

#endif

void ck_fill_winograd(ck_kernels *t, ck_path path) {
    switch (path) {
    case CK_PATH_BASELINE:
        t->combine_rows = combine_rows_baseline, t->combine_paired_rows8 = combine_paired_rows8_baseline;
        t->combine_paired_rows4 = combine_paired_rows4_baseline;
        t->combine_paired_columns8 = combine_paired_columns8_baseline;
        break;
#if CK_HAVE_X86_PATHS
    case CK_PATH_AVX2:
        t->combine_rows = combine_rows_avx2, t->combine_paired_rows8 = combine_paired_rows8_avx2;
        t->combine_paired_rows4 = combine_paired_rows4_avx2, t->combine_paired_columns8 = combine_paired_columns8_avx2;
        break;
    case CK_PATH_AVX512:
        t->combine_rows = combine_rows_avx512, t->combine_paired_rows8 = combine_paired_rows8_avx512;
        t->combine_paired_rows4 = combine_paired_rows4_avx512;
        t->combine_paired_columns8 = combine_paired_columns8_avx512;
        break;
#endif
    default:
        break;
    }
}
