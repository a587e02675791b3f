// Runs one path's kernels, built for emulation (their ck_fill_* renamed
// emu_fill_*), against this CPU's native AVX2 and portable tables, and counts
// the differences. Elementwise ops, Adam and the moving average must give the
// portable path's bits; exp, softmax and the Winograd combinations the AVX2
// path's (the same fused operations, the same 16-lane sums). Sizes cover every
// tail of the 8- and 16-lane loops; outputs are checked 16 past the end, so a
// kernel that writes beyond its count differs from the native ones there.
//
// Copyright the textgan authors. Licensed under the Apache License 2.0.

#include "kernels.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void emu_fill_elementwise(ck_kernels *, ck_path);
void emu_fill_softmax(ck_kernels *, ck_path);
void emu_fill_optimizer(ck_kernels *, ck_path);
void emu_fill_winograd(ck_kernels *, ck_path);

static int mismatches = 0;

static int same(float a, float b) {
    uint32_t x, y;
    memcpy(&x, &a, 4), memcpy(&y, &b, 4);
    return x == y || (isnan(a) && isnan(b));
}

static float draw(unsigned *s) {
    *s = *s * 1664525u + 1013904223u;
    return ((float)(*s >> 8) / 16777216.0f - 0.5f) * 6;
}

// Compares `count` outputs of the emulated and native kernels.
static void expect_same(const char *name, size_t n, const float *emulated, const float *native, size_t count) {
    for (size_t i = 0; i < count; i++)
        if (!same(emulated[i], native[i])) {
            printf("%s, n = %zu, element %zu: %.9g (emulated) vs %.9g\n", name, n, i, emulated[i], native[i]);
            mismatches++;
            return;
        }
}

static float *filled(size_t count, float value) {
    float *p = malloc(count * sizeof(float));
    for (size_t i = 0; i < count; i++) p[i] = value;
    return p;
}

int main(int argc, char **argv) {
    ck_path path = argc > 1 && strcmp(argv[1], "avx2") == 0 ? CK_PATH_AVX2 : CK_PATH_AVX512;
    const ck_kernels *avx2 = ck_kernels_for(CK_PATH_AVX2), *portable = ck_kernels_for(CK_PATH_BASELINE);
    if (!avx2) {
        printf("this CPU has no AVX2: nothing native to compare with\n");
        return 2;
    }
    ck_kernels e = {0};
    emu_fill_elementwise(&e, path), emu_fill_softmax(&e, path), emu_fill_optimizer(&e, path), emu_fill_winograd(&e, path);
    const size_t sizes[] = {1, 7, 8, 15, 16, 17, 31, 32, 33, 47, 1003};
    unsigned seed = 1;
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s], padded = n + 16;
        float *x = filled(padded, 0), *z = filled(padded, 0), *c = filled(padded, 0);
        for (size_t i = 0; i < n; i++) x[i] = draw(&seed), z[i] = draw(&seed), c[i] = i % 3 ? draw(&seed) : 0;
        if (n > 5) x[3] = NAN, x[4] = -0.0f, z[5] = INFINITY, c[1] = NAN;
        float *y1 = filled(padded, 777), *y2 = filled(padded, 777);
#define SAME(NAME, EMULATED, NATIVE)                                             \
    do {                                                                         \
        for (size_t i = 0; i < padded; i++) y1[i] = y2[i] = 777;                 \
        EMULATED;                                                                \
        NATIVE;                                                                  \
        expect_same(NAME, n, y1, y2, padded);                                    \
    } while (0)
        SAME("add", e.add(x, z, y1, n), portable->add(x, z, y2, n));
        SAME("sub", e.sub(x, z, y1, n), portable->sub(x, z, y2, n));
        SAME("mul", e.mul(x, z, y1, n), portable->mul(x, z, y2, n));
        SAME("add_scaled", e.add_scaled(x, z, -0.3f, y1, n), portable->add_scaled(x, z, -0.3f, y2, n));
        SAME("scale", e.scale(x, 0.7f, y1, n), portable->scale(x, 0.7f, y2, n));
        SAME("relu", e.relu(x, y1, n), portable->relu(x, y2, n));
        SAME("keep_where_positive", e.keep_where_positive(x, c, y1, n), portable->keep_where_positive(x, c, y2, n));
        SAME("select", e.select(c, x, z, y1, n), portable->select(c, x, z, y2, n));
        SAME("exponential", e.exponential(x, y1, n), avx2->exponential(x, y2, n));
        SAME("scaled_exponential", e.scaled_exponential(x, y1, n), avx2->scaled_exponential(x, y2, n));
        SAME("softmax_rows", e.softmax_rows(z, y1, 1, n), avx2->softmax_rows(z, y2, 1, n));
        SAME("softmax_rows, scaled", e.softmax_rows(x + (n > 5 ? 5 : 0), y1, 1, n > 5 ? n - 5 : n),
             avx2->softmax_rows(x + (n > 5 ? 5 : 0), y2, 1, n > 5 ? n - 5 : n));
        if (n >= 3) SAME("softmax_rows, 3 rows", e.softmax_rows(z, y1, 3, n / 3), avx2->softmax_rows(z, y2, 3, n / 3));
        SAME("moving_average", (memcpy(y1, z, n * 4), e.moving_average(y1, x, n, 0.9f)),
             (memcpy(y2, z, n * 4), portable->moving_average(y2, x, n, 0.9f)));
        for (int averaging = 0; averaging < 2; averaging++) {
            float *state1 = filled(4 * n, 0), *state2 = filled(4 * n, 0);  // θ, m, v, average
            for (size_t i = 0; i < n; i++) {
                state1[i] = draw(&seed), state1[n + i] = draw(&seed) * 0.01f;
                state1[2 * n + i] = fabsf(draw(&seed)) * 1e-3f, state1[3 * n + i] = draw(&seed);
            }
            memcpy(state2, state1, 4 * n * sizeof(float));
            float *g = filled(n, 0);
            for (size_t i = 0; i < n; i++) g[i] = isfinite(z[i]) ? z[i] : 1;
            e.adam(state1, state1 + n, state1 + 2 * n, g, n, 0.5f, 0.9f, 1e-3f, 1e-8f, 0.875f, 0.271f,
                   averaging ? state1 + 3 * n : NULL, 0.99f);
            portable->adam(state2, state2 + n, state2 + 2 * n, g, n, 0.5f, 0.9f, 1e-3f, 1e-8f, 0.875f, 0.271f,
                           averaging ? state2 + 3 * n : NULL, 0.99f);
            expect_same(averaging ? "adam with the average" : "adam", n, state1, state2, 4 * n);
            free(state1), free(state2), free(g);
        }
        // Winograd: coefficients with the ±p pairing of rows (1, 2), (3, 4), (5, 6).
        float c8[64], c4[32];
        for (int i = 0; i < 64; i++) c8[i] = draw(&seed);
        for (int i = 0; i < 32; i++) c4[i] = draw(&seed);
        for (int q = 1; q < 7; q += 2) {
            for (int l = 0; l < 8; l++) c8[(q + 1) * 8 + l] = (l % 2 ? -1 : 1) * c8[q * 8 + l];
            for (int l = 0; l < 4; l++) c4[(q + 1) * 4 + l] = (l % 2 ? -1 : 1) * c4[q * 4 + l];
        }
        float *rows[8];
        for (int l = 0; l < 8; l++) {
            rows[l] = filled(n, 0);
            for (size_t i = 0; i < n; i++) rows[l][i] = draw(&seed);
        }
        ck_rows r = (ck_rows)rows;
        size_t stride = n + 5, total = 8 * stride;
        float *o1 = filled(total, 777), *o2 = filled(total, 777);
#define SAME_ROWS(NAME, EMULATED, NATIVE)                                        \
    do {                                                                         \
        for (size_t i = 0; i < total; i++) o1[i] = o2[i] = 777;                  \
        EMULATED;                                                                \
        NATIVE;                                                                  \
        expect_same(NAME, n, o1, o2, total);                                     \
    } while (0)
        // Every source count (1-2 take the general loop, 3-8 their own kernels), with and
        // without zero coefficients (skipped, except with 8 sources).
        float cz[64];
        for (int i = 0; i < 64; i++) cz[i] = i % 3 == 1 ? 0.0f : c8[i];
        for (size_t sources = 1; sources <= 8; sources++) {
            for (size_t outputs = 1; outputs <= 8; outputs++) {
                SAME_ROWS("combine_rows", e.combine_rows(c8, r, sources, outputs, n, o1, stride),
                          avx2->combine_rows(c8, r, sources, outputs, n, o2, stride));
                SAME_ROWS("combine_rows, zeros", e.combine_rows(cz, r, sources, outputs, n, o1, stride),
                          avx2->combine_rows(cz, r, sources, outputs, n, o2, stride));
            }
        }
        SAME_ROWS("combine_paired_rows8", e.combine_paired_rows8(c8, r, n, o1, stride), avx2->combine_paired_rows8(c8, r, n, o2, stride));
        SAME_ROWS("combine_paired_rows4", e.combine_paired_rows4(c4, r, n, o1, stride), avx2->combine_paired_rows4(c4, r, n, o2, stride));
        for (size_t outputs = 1; outputs <= 4; outputs++)
            SAME_ROWS("combine_paired_columns8", e.combine_paired_columns8(c8, r, outputs, n, o1, stride),
                      avx2->combine_paired_columns8(c8, r, outputs, n, o2, stride));
        for (int l = 0; l < 8; l++) free(rows[l]);
        free(o1), free(o2), free(x), free(z), free(c), free(y1), free(y2);
    }
    printf("emulated %s kernels against this CPU's: %d differences\n", ck_path_name(path), mismatches);
    return mismatches != 0;
}
