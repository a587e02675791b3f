// eˣ on vectors, and softmax over the rows of a matrix.
//
// exp: x = n·ln 2 + r with n = round(x·log₂e) and |r| ≤ ln 2 / 2 (Cody–Waite:
// ln 2 split in two so n·C1 is exact), eʳ by Cephes' degree-7 polynomial
// 1 + r + r²·P(r), then the result times 2ⁿ. 2ⁿ is applied as 2^(n − n/2)
// times 2^(n/2), both normal floats, so results below FLT_MIN come out as
// correctly rounded subnormals of eʳ·2ⁿ and results above FLT_MAX as +inf,
// with no branch. Inputs are clamped to [−104, 89] first (e^−104 rounds to 0,
// e^89 to +inf), which also keeps |n| ≤ 150; NaN passes the clamp and the
// polynomial, so NaN comes out. Measured over every float in [−104, 89]
// against eˣ in double rounded once: at most 1 ulp, correctly rounded for
// 99.2% of inputs, with FMA (AVX2) and without (portable).
//
// softmax: per row, the maximum m; then e^(x − m)·2⁶⁴ stored (see
// ck_exp_scaled_scalar: x − m ≤ 0, and the common factor 2⁶⁴, which cancels,
// keeps every stored value a normal float); then their sum s; then each
// stored value times 1/s (one rounded reciprocal per row and a product per
// entry: a division per entry costs more than the exponential on AVX2). The
// sum is kept in 16 partial sums (element j in sum j mod 16) folded in one
// fixed tree, on every path, so AVX2 and AVX-512 give the same bits (the
// portable path differs only by not fusing the multiply-adds). Measured
// against softmax in double: within 3 float ulps relative (the test's bound).
//
// Copyright the textgan authors. Licensed under the Apache License 2.0.

#include "kernels.h"

#define CK_EXP_LOW -104.0f
#define CK_EXP_HIGH 89.0f
#define CK_LOG2E 1.44269504088896341f
#define CK_LN2_HIGH 0.693359375f        // 355/512: n·C1 is exact for |n| < 2¹⁵
#define CK_LN2_LOW -2.12194440e-4f      // ln 2 − C1
#define CK_ROUNDING 12582912.0f         // 1.5·2²³: adding it rounds to an integer
#define CK_SCALED_ROUNDING 12582976.0f  // 1.5·2²³ + 64: see ck_exp_scaled_scalar
#define CK_P0 1.9875691500e-4f
#define CK_P1 1.3981999507e-3f
#define CK_P2 8.3334519073e-3f
#define CK_P3 4.1665795894e-2f
#define CK_P4 1.6666665459e-1f
#define CK_P5 5.0000001201e-1f
// Softmax's eʳ ≈ 1 + r·(1 + r·(Q2 + r·(Q3 + r·(Q4 + r·(Q5 + r·Q6))))), degree 6,
// fitted (minimax by Lawson's iteration, then rounded to float) to
// |r| ≤ 1.0001·ln 2 / 2: relative error 3.8e-9 (0.06 ulp) before rounding.
#define CK_Q2 4.9999994040e-01f
#define CK_Q3 1.6666521132e-01f
#define CK_Q4 4.1668388993e-02f
#define CK_Q5 8.3687165752e-03f
#define CK_Q6 1.3814598788e-03f

// MARK: - Baseline

// Branch-free (selects and integer moves only), so the loops that call it
// vectorise; `memcpy` is how C reads a float's bits without undefined behaviour.
static inline float ck_exp_scalar(float x) {
    x = x < CK_EXP_LOW ? CK_EXP_LOW : x;  // a NaN compares false and stays
    x = x > CK_EXP_HIGH ? CK_EXP_HIGH : x;
    float t = x * CK_LOG2E + CK_ROUNDING;  // 1.5·2²³ + n, n = round(x·log₂e)
    float n = t - CK_ROUNDING;
    int32_t bits;
    memcpy(&bits, &t, sizeof bits);
    int32_t ni = bits - 0x4B400000;  // the bits of 1.5·2²³ + n are those of 1.5·2²³, plus n
    float r = x - n * CK_LN2_HIGH;
    r = r - n * CK_LN2_LOW;
    float z = r * r;
    float p = CK_P0;
    p = p * r + CK_P1;
    p = p * r + CK_P2;
    p = p * r + CK_P3;
    p = p * r + CK_P4;
    p = p * r + CK_P5;
    float e = p * z + r + 1.0f;
    int32_t half = ni >> 1;
    int32_t s1bits = (ni - half + 127) << 23, s2bits = (half + 127) << 23;
    float s1, s2;
    memcpy(&s1, &s1bits, sizeof s1);
    memcpy(&s2, &s2bits, sizeof s2);
    return e * s1 * s2;
}

static void exp_baseline(const float *x, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = ck_exp_scalar(x[i]);
}

// e^x · 2⁶⁴ for x ≤ 0 (or NaN), softmax's exponential: x − max is never
// positive, so only the lower clamp is needed, and the factor 2⁶⁴ keeps every
// result down to e^−104 a normal float, so 2^(n + 64) is applied by adding
// n + 64 to eʳ's exponent field, exactly as a product would. Adding
// 1.5·2²³ + 64 to x·log₂e rounds it to n and leaves n + 64 (in [−86, 64]) in
// t's low bits; a shift by 23 moves them to the exponent field (the bits
// above are shifted out). The same reduction as ck_exp_scalar, and a degree-6
// polynomial in Horner form (CK_Q*: six multiply-adds where the degree-7
// form takes six, a product and a sum; softmax is bound by this function). Measured over every float in [−104, 0] against
// eˣ·2⁶⁴ in double rounded once: at most 1 ulp, correctly rounded for 99.5%
// of inputs with FMA (AVX2), 99.1% without (portable); VectorKernelTests
// checks a sample of them.
static inline float ck_exp_scaled_scalar(float x) {
    x = x < CK_EXP_LOW ? CK_EXP_LOW : x;  // a NaN compares false and stays
    float t = x * CK_LOG2E + CK_SCALED_ROUNDING;
    float n = t - CK_SCALED_ROUNDING;
    float r = x - n * CK_LN2_HIGH;
    r = r - n * CK_LN2_LOW;
    float p = CK_Q6;
    p = p * r + CK_Q5;
    p = p * r + CK_Q4;
    p = p * r + CK_Q3;
    p = p * r + CK_Q2;
    p = p * r + 1.0f;
    float e = p * r + 1.0f;
    uint32_t tbits, ebits;
    memcpy(&tbits, &t, sizeof tbits);
    memcpy(&ebits, &e, sizeof ebits);
    ebits += tbits << 23;
    memcpy(&e, &ebits, sizeof e);
    return e;
}

static void exp_scaled_baseline(const float *x, float *y, size_t n) {
    for (size_t i = 0; i < n; i++) y[i] = ck_exp_scaled_scalar(x[i]);
}

static void softmax_rows_baseline(const float *x, float *y, size_t rows, size_t columns) {
    for (size_t row = 0; row < rows; row++) {
        const float *xr = x + row * columns;
        float *yr = y + row * columns;
        float lanes[16];
        for (int l = 0; l < 16; l++) lanes[l] = -__builtin_inff();
        size_t j = 0;
        for (; j + 16 <= columns; j += 16)
            for (int l = 0; l < 16; l++) lanes[l] = lanes[l] > xr[j + l] ? lanes[l] : xr[j + l];
        for (int l = 0; j + l < columns; l++) lanes[l] = lanes[l] > xr[j + l] ? lanes[l] : xr[j + l];
        for (int width = 8; width >= 1; width /= 2)
            for (int l = 0; l < width; l++) lanes[l] = lanes[l] > lanes[l + width] ? lanes[l] : lanes[l + width];
        float m = lanes[0];

        for (int l = 0; l < 16; l++) lanes[l] = 0.0f;
        for (j = 0; j + 16 <= columns; j += 16)
            for (int l = 0; l < 16; l++) {
                float e = ck_exp_scaled_scalar(xr[j + l] - m);
                yr[j + l] = e;
                lanes[l] += e;
            }
        for (int l = 0; j + l < columns; l++) {
            float e = ck_exp_scaled_scalar(xr[j + l] - m);
            yr[j + l] = e;
            lanes[l] += e;
        }
        for (int width = 8; width >= 1; width /= 2)
            for (int l = 0; l < width; l++) lanes[l] += lanes[l + width];
        float inverse = 1.0f / lanes[0];
        for (j = 0; j < columns; j++) yr[j] = yr[j] * inverse;
    }
}

#if CK_HAVE_X86_PATHS

// MARK: - AVX2 + FMA

CK_TARGET_AVX2 static inline __m256 ck_exp8(__m256 x) {
    x = _mm256_max_ps(_mm256_set1_ps(CK_EXP_LOW), x);  // max(c, NaN) returns the NaN
    x = _mm256_min_ps(_mm256_set1_ps(CK_EXP_HIGH), x);
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(CK_LOG2E)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(CK_LN2_HIGH), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(CK_LN2_LOW), r);
    __m256 z = _mm256_mul_ps(r, r);
    __m256 p = _mm256_set1_ps(CK_P0);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CK_P1));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CK_P2));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CK_P3));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CK_P4));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CK_P5));
    __m256 e = _mm256_add_ps(_mm256_fmadd_ps(p, z, r), _mm256_set1_ps(1.0f));
    __m256i ni = _mm256_cvtps_epi32(n);  // NaN gives INT_MIN: any scale, e is NaN already
    __m256i half = _mm256_srai_epi32(ni, 1);
    __m256i bias = _mm256_set1_epi32(127);
    __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(_mm256_sub_epi32(ni, half), bias), 23));
    __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(half, bias), 23));
    return _mm256_mul_ps(_mm256_mul_ps(e, s1), s2);
}

CK_UNARY_AVX2(exp_avx2, ck_exp8)

// The 16 lanes of (low, high) folded as the portable path folds its lanes:
// l + 8, then l + 4, l + 2, l + 1.
CK_TARGET_AVX2 static inline float ck_fold_sum16(__m256 low, __m256 high) {
    __m256 s8 = _mm256_add_ps(low, high);
    __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));
    __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
    __m128 s1 = _mm_add_ss(s2, _mm_shuffle_ps(s2, s2, 1));
    return _mm_cvtss_f32(s1);
}

CK_TARGET_AVX2 static inline float ck_fold_max16(__m256 low, __m256 high) {
    __m256 s8 = _mm256_max_ps(low, high);
    __m128 s4 = _mm_max_ps(_mm256_castps256_ps128(s8), _mm256_extractf128_ps(s8, 1));
    __m128 s2 = _mm_max_ps(s4, _mm_movehl_ps(s4, s4));
    __m128 s1 = _mm_max_ss(s2, _mm_shuffle_ps(s2, s2, 1));
    return _mm_cvtss_f32(s1);
}

// ck_exp_scaled_scalar on 8 lanes, with the multiply-adds fused.
CK_TARGET_AVX2 static inline __m256 ck_exp8_scaled(__m256 x) {
    x = _mm256_max_ps(_mm256_set1_ps(CK_EXP_LOW), x);  // max(c, NaN) returns the NaN
    __m256 t = _mm256_fmadd_ps(x, _mm256_set1_ps(CK_LOG2E), _mm256_set1_ps(CK_SCALED_ROUNDING));
    __m256 n = _mm256_sub_ps(t, _mm256_set1_ps(CK_SCALED_ROUNDING));
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(CK_LN2_HIGH), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(CK_LN2_LOW), r);
    __m256 p = _mm256_set1_ps(CK_Q6);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CK_Q5));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CK_Q4));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CK_Q3));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(CK_Q2));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    __m256 e = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
    __m256i exponent = _mm256_slli_epi32(_mm256_castps_si256(t), 23);
    return _mm256_castsi256_ps(_mm256_add_epi32(_mm256_castps_si256(e), exponent));
}

CK_UNARY_AVX2(exp_scaled_avx2, ck_exp8_scaled)

// The row's maximum, folded as the portable path folds its 16 lanes.
CK_TARGET_AVX2 static inline float ck_row_max8(const float *xr, size_t columns) {
    const __m256 minus_inf = _mm256_set1_ps(-__builtin_inff());
    // Lanes 0–7 of the 16 in `low`, 8–15 in `high`, as in the portable loop.
    __m256 low = minus_inf, high = minus_inf;
    size_t j = 0;
    for (; j + 16 <= columns; j += 16) {
        low = _mm256_max_ps(low, _mm256_loadu_ps(xr + j));
        high = _mm256_max_ps(high, _mm256_loadu_ps(xr + j + 8));
    }
    if (j < columns) {
        size_t r = columns - j;
        __m256i mask = ck_tail_mask8(r < 8 ? r : 8);
        __m256 v = _mm256_blendv_ps(minus_inf, _mm256_maskload_ps(xr + j, mask), _mm256_castsi256_ps(mask));
        low = _mm256_max_ps(low, v);
        if (r > 8) {
            mask = ck_tail_mask8(r - 8);
            v = _mm256_blendv_ps(minus_inf, _mm256_maskload_ps(xr + j + 8, mask), _mm256_castsi256_ps(mask));
            high = _mm256_max_ps(high, v);
        }
    }
    return ck_fold_max16(low, high);
}

// e^(x − m)·2⁶⁴ of the row: the first columns − columns % 8 entries into yr,
// the last columns % 8 into `tail`, +0 after them. The tail goes to the stack
// because masked stores are slow on AMD cores, and rows of ~100 (the model's
// vocabulary) end in one. No sum here: two more accumulators in this loop
// make the compiler spill one of them (16 ymm registers), which cost 15%.
CK_TARGET_AVX2 static inline void ck_exp_store8(const float *xr, float *yr, size_t columns, __m256 m, float tail[8]) {
    size_t j = 0;
    for (; j + 8 <= columns; j += 8) _mm256_storeu_ps(yr + j, ck_exp8_scaled(_mm256_sub_ps(_mm256_loadu_ps(xr + j), m)));
    if (j < columns) {
        __m256i mask = ck_tail_mask8(columns - j);
        __m256 e = ck_exp8_scaled(_mm256_sub_ps(_mm256_maskload_ps(xr + j, mask), m));
        _mm256_storeu_ps(tail, _mm256_and_ps(e, _mm256_castsi256_ps(mask)));
    }
}

// Σ of what ck_exp_store8 stored, element j in partial sum j mod 16. The
// tail's +0 lanes change nothing (a sum of exps is never −0).
CK_TARGET_AVX2 static inline float ck_row_sum8(const float *yr, size_t columns, const float tail[8]) {
    __m256 low = _mm256_setzero_ps(), high = _mm256_setzero_ps();
    size_t j = 0;
    for (; j + 16 <= columns; j += 16) {
        low = _mm256_add_ps(low, _mm256_loadu_ps(yr + j));
        high = _mm256_add_ps(high, _mm256_loadu_ps(yr + j + 8));
    }
    if (j + 8 <= columns) {
        low = _mm256_add_ps(low, _mm256_loadu_ps(yr + j));
        j += 8;
        if (j < columns) high = _mm256_add_ps(high, _mm256_loadu_ps(tail));
    } else if (j < columns) {
        low = _mm256_add_ps(low, _mm256_loadu_ps(tail));
    }
    return ck_fold_sum16(low, high);
}

// y = stored · inverse, the tail's entries from `tail`.
CK_TARGET_AVX2 static inline void ck_scale_row8(float *yr, size_t columns, float inverse, const float tail[8]) {
    __m256 scale = _mm256_set1_ps(inverse);
    size_t j = 0;
    for (; j + 8 <= columns; j += 8) _mm256_storeu_ps(yr + j, _mm256_mul_ps(_mm256_loadu_ps(yr + j), scale));
    for (size_t l = 0; j + l < columns; l++) yr[j + l] = tail[l] * inverse;  // the same rounding as the vector product
}

// The next row's maximum is found before this row is normalised: it does not
// wait for this row's sum and reciprocal, so the core overlaps the two.
CK_TARGET_AVX2 static void softmax_rows_avx2(const float *x, float *y, size_t rows, size_t columns) {
    if (rows == 0) return;
    float m = ck_row_max8(x, columns);
    for (size_t row = 0; row < rows; row++) {
        const float *xr = x + row * columns;
        float *yr = y + row * columns;
        float tail[8];
        ck_exp_store8(xr, yr, columns, _mm256_set1_ps(m), tail);
        float sum = ck_row_sum8(yr, columns, tail);
        if (row + 1 < rows) m = ck_row_max8(xr + columns, columns);
        ck_scale_row8(yr, columns, 1.0f / sum, tail);
    }
}

// MARK: - AVX-512: the same operations on 16 lanes.

CK_TARGET_AVX512 static inline __m512 ck_exp16(__m512 x) {
    x = _mm512_max_ps(_mm512_set1_ps(CK_EXP_LOW), x);
    x = _mm512_min_ps(_mm512_set1_ps(CK_EXP_HIGH), x);
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(CK_LOG2E)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(CK_LN2_HIGH), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(CK_LN2_LOW), r);
    __m512 z = _mm512_mul_ps(r, r);
    __m512 p = _mm512_set1_ps(CK_P0);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CK_P1));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CK_P2));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CK_P3));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CK_P4));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CK_P5));
    __m512 e = _mm512_add_ps(_mm512_fmadd_ps(p, z, r), _mm512_set1_ps(1.0f));
    __m512i ni = _mm512_cvtps_epi32(n);
    __m512i half = _mm512_srai_epi32(ni, 1);
    __m512i bias = _mm512_set1_epi32(127);
    __m512 s1 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(_mm512_sub_epi32(ni, half), bias), 23));
    __m512 s2 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(half, bias), 23));
    return _mm512_mul_ps(_mm512_mul_ps(e, s1), s2);
}

CK_UNARY_AVX512(exp_avx512, ck_exp16)

// ck_exp8_scaled on 16 lanes.
CK_TARGET_AVX512 static inline __m512 ck_exp16_scaled(__m512 x) {
    x = _mm512_max_ps(_mm512_set1_ps(CK_EXP_LOW), x);
    __m512 t = _mm512_fmadd_ps(x, _mm512_set1_ps(CK_LOG2E), _mm512_set1_ps(CK_SCALED_ROUNDING));
    __m512 n = _mm512_sub_ps(t, _mm512_set1_ps(CK_SCALED_ROUNDING));
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(CK_LN2_HIGH), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(CK_LN2_LOW), r);
    __m512 p = _mm512_set1_ps(CK_Q6);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CK_Q5));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CK_Q4));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CK_Q3));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(CK_Q2));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    __m512 e = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    __m512i exponent = _mm512_slli_epi32(_mm512_castps_si512(t), 23);
    return _mm512_castsi512_ps(_mm512_add_epi32(_mm512_castps_si512(e), exponent));
}

CK_UNARY_AVX512(exp_scaled_avx512, ck_exp16_scaled)

// Lanes 8–15 of v.
CK_TARGET_AVX512 static inline __m256 ck_high_half(__m512 v) {
    return _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1));
}

CK_TARGET_AVX512 static void softmax_rows_avx512(const float *x, float *y, size_t rows, size_t columns) {
    const __m512 minus_inf = _mm512_set1_ps(-__builtin_inff());
    size_t full = columns & ~(size_t)15;
    __mmask16 mask = ck_tail_mask16(columns - full);
    for (size_t row = 0; row < rows; row++) {
        const float *xr = x + row * columns;
        float *yr = y + row * columns;
        __m512 lanes = minus_inf;
        size_t j = 0;
        for (; j < full; j += 16) lanes = _mm512_max_ps(lanes, _mm512_loadu_ps(xr + j));
        if (mask) lanes = _mm512_max_ps(lanes, _mm512_mask_loadu_ps(minus_inf, mask, xr + j));
        // Fold 16 → 8 (l, l + 8), then as the AVX2 path.
        __m512 m = _mm512_set1_ps(ck_fold_max16(_mm512_castps512_ps256(lanes), ck_high_half(lanes)));

        lanes = _mm512_setzero_ps();
        for (j = 0; j < full; j += 16) {
            __m512 e = ck_exp16_scaled(_mm512_sub_ps(_mm512_loadu_ps(xr + j), m));
            _mm512_storeu_ps(yr + j, e);
            lanes = _mm512_add_ps(lanes, e);
        }
        if (mask) {
            __m512 e = _mm512_maskz_mov_ps(mask, ck_exp16_scaled(_mm512_sub_ps(_mm512_maskz_loadu_ps(mask, xr + j), m)));
            _mm512_mask_storeu_ps(yr + j, mask, e);
            lanes = _mm512_add_ps(lanes, e);
        }
        float inverse = 1.0f / ck_fold_sum16(_mm512_castps512_ps256(lanes), ck_high_half(lanes));
        __m512 scale = _mm512_set1_ps(inverse);
        for (j = 0; j < full; j += 16) _mm512_storeu_ps(yr + j, _mm512_mul_ps(_mm512_loadu_ps(yr + j), scale));
        if (mask) _mm512_mask_storeu_ps(yr + j, mask, _mm512_mul_ps(_mm512_maskz_loadu_ps(mask, yr + j), scale));
    }
}

#endif

void ck_fill_softmax(ck_kernels *t, ck_path path) {
    switch (path) {
    case CK_PATH_BASELINE:
        t->exponential = exp_baseline, t->softmax_rows = softmax_rows_baseline, t->scaled_exponential = exp_scaled_baseline;
        break;
#if CK_HAVE_X86_PATHS
    case CK_PATH_AVX2:
        t->exponential = exp_avx2, t->softmax_rows = softmax_rows_avx2, t->scaled_exponential = exp_scaled_avx2;
        break;
    case CK_PATH_AVX512:
        t->exponential = exp_avx512, t->softmax_rows = softmax_rows_avx512, t->scaled_exponential = exp_scaled_avx512;
        break;
#endif
    default:
        break;
    }
}
