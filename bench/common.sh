# Shared by the bench scripts (sourced, not run). Builds textgan in release and
# defines:
#   textgan ARGS…   the release binary, with OPENBLAS_CORETYPE and
#                   OPENBLAS_L2_SIZE unset for this command only unless
#                   KEEP_CORETYPE=1 (this machine pins OpenBLAS to AVX2;
#                   PyTorch is not pinned)
#   field EXPR      a value from the JSON on standard input, e.g. "d['result']['gemmShare']"
KEEP_CORETYPE=${KEEP_CORETYPE:-0}
swift build -c release --product textgan >/dev/null
textgan() {
    if [ "$KEEP_CORETYPE" = 1 ]; then .build/release/textgan "$@"; else env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .build/release/textgan "$@"; fi
}
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
