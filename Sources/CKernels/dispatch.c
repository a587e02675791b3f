// Which path runs: cpuid and xgetbv read once, TEXTGAN_KERNELS read once, the
// three tables filled once (pthread_once), then only read.
//
// A path needs both the instructions (cpuid) and the operating system's
// promise to save their registers on a context switch (XCR0 via xgetbv):
// without the second an AVX instruction faults even on a CPU that has it.
//
// Copyright the textgan authors. Licensed under the Apache License 2.0.

#include "kernels.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#if CK_HAVE_X86_PATHS
#include <cpuid.h>
#endif

static pthread_once_t ck_once = PTHREAD_ONCE_INIT;
static ck_kernels ck_tables[4];        // indexed by ck_path; [CK_PATH_SWIFT] unused
static int ck_supported[4];
static ck_path ck_best = CK_PATH_BASELINE;
static ck_path ck_selected = CK_PATH_BASELINE;
static char ck_note[256];
static char ck_features[128];

#if CK_HAVE_X86_PATHS
// XCR0 through xgetbv, written as bytes so no -mxsave is needed; only called
// after cpuid reports OSXSAVE.
static uint64_t ck_xgetbv0(void) {
    uint32_t eax, edx;
    __asm__ volatile(".byte 0x0f, 0x01, 0xd0" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}

static void ck_detect(void) {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    int avx = 0, fma = 0, avx2 = 0, avx512f = 0, os_ymm = 0, os_zmm = 0;
    unsigned max_leaf = __get_cpuid_max(0, NULL);
    if (max_leaf >= 1 && __get_cpuid(1, &eax, &ebx, &ecx, &edx)) {
        int osxsave = (ecx >> 27) & 1;
        avx = (ecx >> 28) & 1;
        fma = (ecx >> 12) & 1;
        if (osxsave) {
            uint64_t xcr0 = ck_xgetbv0();
            os_ymm = (xcr0 & 0x6) == 0x6;      // SSE and AVX state
            os_zmm = (xcr0 & 0xe6) == 0xe6;    // and opmask, ZMM0–15 upper halves, ZMM16–31
        }
    }
    if (max_leaf >= 7 && __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
        avx2 = (ebx >> 5) & 1;
        avx512f = (ebx >> 16) & 1;
    }
    snprintf(ck_features, sizeof ck_features, "x86-64 sse2%s%s%s%s%s%s", avx ? " avx" : "", avx2 ? " avx2" : "",
             fma ? " fma" : "", avx512f ? " avx512f" : "", os_ymm ? "" : " (OS: no ymm state)",
             avx512f && !os_zmm ? " (OS: no zmm state)" : "");
    ck_supported[CK_PATH_AVX2] = avx && avx2 && fma && os_ymm;
    ck_supported[CK_PATH_AVX512] = ck_supported[CK_PATH_AVX2] && avx512f && os_zmm;
}
#else
static void ck_detect(void) {
#if defined(__aarch64__)
    snprintf(ck_features, sizeof ck_features, "arm64");
#else
    snprintf(ck_features, sizeof ck_features, "not x86-64");
#endif
}
#endif

const char *ck_path_name(ck_path path) {
    switch (path) {
    case CK_PATH_SWIFT: return "swift";
    case CK_PATH_BASELINE: return "baseline";
    case CK_PATH_AVX2: return "avx2";
    case CK_PATH_AVX512: return "avx512";
    }
    return "unknown";
}

// The best supported path at or below `path`.
static ck_path ck_fall_back(ck_path path) {
    while (path > CK_PATH_BASELINE && !ck_supported[path]) path = (ck_path)(path - 1);
    return path;
}

static void ck_initialise(void) {
    ck_supported[CK_PATH_SWIFT] = 1;
    ck_supported[CK_PATH_BASELINE] = 1;
    ck_detect();
    for (int p = CK_PATH_BASELINE; p <= CK_PATH_AVX512; p++) {
        if (!ck_supported[p]) continue;
        ck_tables[p].path = (ck_path)p;
        // The baseline first: a file without a faster version of a kernel
        // leaves the portable one in place.
        ck_fill_elementwise(&ck_tables[p], CK_PATH_BASELINE);
        ck_fill_softmax(&ck_tables[p], CK_PATH_BASELINE);
        ck_fill_optimizer(&ck_tables[p], CK_PATH_BASELINE);
        ck_fill_winograd(&ck_tables[p], CK_PATH_BASELINE);
        if (p != CK_PATH_BASELINE) {
            ck_fill_elementwise(&ck_tables[p], (ck_path)p);
            ck_fill_softmax(&ck_tables[p], (ck_path)p);
            ck_fill_optimizer(&ck_tables[p], (ck_path)p);
            ck_fill_winograd(&ck_tables[p], (ck_path)p);
        }
    }
    ck_best = ck_fall_back(CK_PATH_AVX512);
    ck_selected = ck_best;

    const char *request = getenv("TEXTGAN_KERNELS");
    if (request == NULL || request[0] == '\0' || strcasecmp(request, "auto") == 0) return;
    ck_path wanted;
    if (strcasecmp(request, "swift") == 0) wanted = CK_PATH_SWIFT;
    else if (strcasecmp(request, "baseline") == 0) wanted = CK_PATH_BASELINE;
    else if (strcasecmp(request, "avx2") == 0) wanted = CK_PATH_AVX2;
    else if (strcasecmp(request, "avx512") == 0) wanted = CK_PATH_AVX512;
    else {
        snprintf(ck_note, sizeof ck_note,
                 "TEXTGAN_KERNELS=%.40s is not a kernel path (auto, avx512, avx2, baseline, swift); using %s",
                 request, ck_path_name(ck_best));
        fprintf(stderr, "textgan: %s\n", ck_note);
        return;
    }
    ck_selected = wanted == CK_PATH_SWIFT ? CK_PATH_SWIFT : ck_fall_back(wanted);
    if (ck_selected != wanted) {
        snprintf(ck_note, sizeof ck_note, "TEXTGAN_KERNELS=%s: this CPU cannot run it (%s); using %s",
                 ck_path_name(wanted), ck_features, ck_path_name(ck_selected));
        fprintf(stderr, "textgan: %s\n", ck_note);
    }
}

static void ck_ensure_initialised(void) { pthread_once(&ck_once, ck_initialise); }

int ck_path_supported(ck_path path) {
    ck_ensure_initialised();
    return path >= CK_PATH_SWIFT && path <= CK_PATH_AVX512 && ck_supported[path];
}

const ck_kernels *ck_kernels_for(ck_path path) {
    ck_ensure_initialised();
    if (path <= CK_PATH_SWIFT || path > CK_PATH_AVX512 || !ck_supported[path]) return NULL;
    return &ck_tables[path];
}

ck_path ck_selected_path(void) {
    ck_ensure_initialised();
    return ck_selected;
}

const ck_kernels *ck_selected_kernels(void) { return ck_kernels_for(ck_selected_path()); }

const char *ck_selection_note(void) {
    ck_ensure_initialised();
    return ck_note;
}

ck_path ck_best_path(void) {
    ck_ensure_initialised();
    return ck_best;
}

const char *ck_cpu_features(void) {
    ck_ensure_initialised();
    return ck_features;
}
