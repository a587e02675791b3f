#!/usr/bin/env bash
# Runs CKernels' AVX-512 kernels on a CPU without AVX-512, through SIMDe's
# portable intrinsics (Debian: libsimde-dev), and compares them with the
# native AVX2 and portable kernels (scripts/kernels-emulation/compare.c says
# what must agree, bit for bit). First the AVX2 kernels go through the same
# emulation and must match the native ones: that checks the emulation itself.
#
#   scripts/check-kernels-emulated.sh       # needs clang (the Swift toolchain's) and libsimde-dev
#
# Not part of `swift test` (it needs SIMDe); run it after changing an AVX-512 kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f /usr/include/simde/x86/avx512.h ] || { echo "check-kernels-emulated: SIMDe is missing: apt-get install libsimde-dev" >&2; exit 1; }
CC=${CC:-clang}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kernels=Sources/CKernels
# The emulated copies: no target attributes (SIMDe's portable code must not be
# compiled for AVX-512), the ck_fill_* functions renamed so that they link
# beside the native ones.
mkdir -p "$work/emulated"
cp "$kernels"/*.c "$kernels"/kernels.h "$work/emulated/"
sed -i 's/^#define CK_TARGET_AVX2 .*/#define CK_TARGET_AVX2/; s/^#define CK_TARGET_AVX512 .*/#define CK_TARGET_AVX512/' "$work/emulated/kernels.h"
rename=(-Dck_fill_elementwise=emu_fill_elementwise -Dck_fill_softmax=emu_fill_softmax
        -Dck_fill_optimizer=emu_fill_optimizer -Dck_fill_winograd=emu_fill_winograd)
for path in avx2 avx512; do
    objects=()
    for f in elementwise softmax optimizer winograd; do
        "$CC" -O1 -std=gnu11 -w -ffp-contract=off -Iscripts/kernels-emulation -I"$work/emulated" -I"$kernels/include" \
            "${rename[@]}" -c "$work/emulated/$f.c" -o "$work/emu_$f.o"
        objects+=("$work/emu_$f.o")
    done
    "$CC" -O1 -std=gnu11 -I"$kernels" -I"$kernels/include" scripts/kernels-emulation/compare.c "$kernels"/*.c \
        "${objects[@]}" -lm -lpthread -o "$work/compare"
    "$work/compare" "$path"
done
