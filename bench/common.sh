# Shared by the bench scripts (sourced, not run). Builds textgan in release and
# defines:
#   textgan ARGS…   the release binary, with OPENBLAS_CORETYPE and
#                   OPENBLAS_L2_SIZE unset for this command only unless
#                   KEEP_CORETYPE=1 (this machine pins OpenBLAS to AVX2;
#                   PyTorch is not pinned)
#   field EXPR      a value from the JSON on standard input, e.g. "d['result']['gemmShare']"
# TEXTGAN_BIN=PATH runs that binary instead, without building: a copy made for
# a comparison of hours keeps one binary while the checkout is rebuilt.
KEEP_CORETYPE=${KEEP_CORETYPE:-0}
if [ -n "${TEXTGAN_BIN:-}" ]; then
    [ -x "$TEXTGAN_BIN" ] || { echo "bench: TEXTGAN_BIN=$TEXTGAN_BIN is not an executable" >&2; exit 2; }
else
    swift build -c release --product textgan >/dev/null
    TEXTGAN_BIN=.build/release/textgan
fi
textgan() {
    if [ "$KEEP_CORETYPE" = 1 ]; then "$TEXTGAN_BIN" "$@"; else env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$TEXTGAN_BIN" "$@"; fi
}
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
