// CKernels: the engine's hot non-GEMM loops on Float, each in three versions
// (AVX-512F, AVX2 + FMA, portable C), one of which is chosen once per process
// from what the CPU reports. Swift reaches them through the table of the path
// in use (Sources/Engine/Kernels); nothing here allocates or keeps state
// beyond that choice.
//
// Every kernel takes contiguous row-major float buffers and a count of
// elements (size_t, Swift's Int). An output may be the same buffer as an
// input of the same length (in place), never a partial overlap.
//
// Copyright the textgan authors. Licensed under the Apache License 2.0.

#ifndef CKERNELS_H
#define CKERNELS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// Pointers are never NULL unless marked CK_NULLABLE (Swift then imports the
// table's entries as plain functions, not optionals).
#if defined(__clang__)
#define CK_NULLABLE _Nullable
#define CK_NONNULL _Nonnull
#pragma clang assume_nonnull begin
#else
#define CK_NULLABLE
#define CK_NONNULL
#endif

/// An array of row pointers, none NULL (multi-level pointers need the marks spelled out).
typedef const float *CK_NONNULL const *CK_NONNULL ck_rows;

/// The instruction-set paths. `CK_PATH_SWIFT` means no C kernel at all: the
/// engine's own Swift loops (the references), chosen with TEXTGAN_KERNELS=swift.
typedef enum {
    CK_PATH_SWIFT = 0,
    CK_PATH_BASELINE = 1,
    CK_PATH_AVX2 = 2,
    CK_PATH_AVX512 = 3,
} ck_path;

/// One path's kernels. Elementwise kernels and the optimiser updates round
/// every operation as the Swift loops they replace do (no fused multiply-add),
/// so they give the same bits on every path; exp, softmax and the Winograd
/// transforms use FMA on the AVX2 and AVX-512 paths and agree to roundoff.
typedef struct ck_kernels {
    ck_path path;

    // y = a + b, a − b, a · b.
    void (*add)(const float *a, const float *b, float *y, size_t n);
    void (*sub)(const float *a, const float *b, float *y, size_t n);
    void (*mul)(const float *a, const float *b, float *y, size_t n);
    // y = a + s·b (rounded after the product: s·b, then the sum).
    void (*add_scaled)(const float *a, const float *b, float s, float *y, size_t n);
    // y = x · s.
    void (*scale)(const float *x, float s, float *y, size_t n);
    // y = max(x, 0) as Swift's max(x, 0): +0 for x ≤ 0, NaN stays NaN.
    void (*relu)(const float *x, float *y, size_t n);
    // y = g where m > 0, +0 elsewhere (relu's VJP; a NaN mask gives 0).
    void (*keep_where_positive)(const float *g, const float *m, float *y, size_t n);
    // y = c ≠ 0 ? a : b, then + 0 (so −0 becomes +0, as the engine's
    // masked sum does). A NaN condition picks a.
    void (*select)(const float *c, const float *a, const float *b, float *y, size_t n);

    // y = eˣ, within 1 ulp of the correctly rounded value (see softmax.c).
    void (*exponential)(const float *x, float *y, size_t n);
    // Softmax of each of `rows` rows of `columns`: y = e^(x − max) / Σ e^(x − max).
    void (*softmax_rows)(const float *x, float *y, size_t rows, size_t columns);
    // y = eˣ·2⁶⁴ for x ≤ 0 or NaN (x clamped to ≥ −104), softmax_rows's
    // exponential, within 1 ulp; here for its accuracy test.
    void (*scaled_exponential)(const float *x, float *y, size_t n);

    // Adam in one pass over one parameter of n scalars:
    //   m ← b1·m + (1 − b1)·g,  v ← b2·v + (1 − b2)·g·g,
    //   p ← p − lr·(m / c1) / (√(v / c2) + eps),
    // and, when `average` is not NULL, the moving average of the new weights
    //   average ← decay·average + (1 − decay)·p.
    void (*adam)(float *p, float *m, float *v, const float *g, size_t n,
                 float b1, float b2, float lr, float eps, float c1, float c2,
                 float *CK_NULLABLE average, float decay);
    // average ← decay·average + (1 − decay)·x.
    void (*moving_average)(float *average, const float *x, size_t n, float decay);

    // Winograd row combinations (Sources/Engine/Tensor/Winograd*.swift):
    // out[q·stride + i] = Σ_l c[q·sources + l] · rows[l][i], q < outputs, i < count.
    void (*combine_rows)(const float *c, ck_rows rows, size_t sources, size_t outputs,
                         size_t count, float *out, size_t stride);
    // The same for a paired matrix of 8 (resp. 4) columns and 8 rows whose rows
    // (1, 2), (3, 4), (5, 6) are ±p pairs (row b = row a with odd columns
    // negated) and rows 0, 7 single: the even and odd halves are summed once
    // per pair.
    void (*combine_paired_rows8)(const float *c, ck_rows rows, size_t count, float *out, size_t stride);
    void (*combine_paired_rows4)(const float *c, ck_rows rows, size_t count, float *out, size_t stride);
    // y[s·stride + i] = Σ_ξ c[s·8 + ξ] · p_ξ[i] for s < outputs ≤ 8, where the
    // columns (1, 2), (3, 4), (5, 6) of c pair up: c[s][b] = (−1)^s · c[s][a].
    void (*combine_paired_columns8)(const float *c, ck_rows sources, size_t outputs, size_t count,
                                    float *y, size_t stride);
} ck_kernels;

/// The kernels of `path`, or NULL for CK_PATH_SWIFT and for a path this CPU
/// (or its operating system) cannot run, or this build does not have.
const ck_kernels *CK_NULLABLE ck_kernels_for(ck_path path);

/// Whether this CPU and build can run `path` (CK_PATH_SWIFT and
/// CK_PATH_BASELINE always can).
int ck_path_supported(ck_path path);

/// The path chosen for this process: the best the CPU supports, or what
/// TEXTGAN_KERNELS asks for (auto, avx512, avx2, baseline, swift). A request
/// the CPU cannot run falls back to the best supported path below it, with a
/// note on stderr (once) and in ck_selection_note(). Chosen on the first call.
ck_path ck_selected_path(void);

/// The kernels of ck_selected_path() (NULL for CK_PATH_SWIFT).
const ck_kernels *CK_NULLABLE ck_selected_kernels(void);

/// Why the selection differs from what TEXTGAN_KERNELS asked, or "" when it
/// does not (or nothing was asked).
const char *ck_selection_note(void);

/// The best path the CPU supports, whatever TEXTGAN_KERNELS says.
ck_path ck_best_path(void);

/// "swift", "baseline", "avx2" or "avx512".
const char *ck_path_name(ck_path path);

/// The CPU features the dispatcher read, for reports: e.g. "sse2 avx avx2 fma"
/// ("x86-64: no cpuid" never; "arm64" on arm64). Static storage.
const char *ck_cpu_features(void);

#if defined(__clang__)
#pragma clang assume_nonnull end
#endif

#ifdef __cplusplus
}
#endif

#endif
