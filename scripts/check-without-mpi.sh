#!/usr/bin/env bash
# The build without the MPI trait (swift build --disable-default-traits): it links no
# Open MPI, trains as one process, and refuses to run as several ranks with one line.
# Run by .ci/run after the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
build=.build-nompi
swift build --disable-default-traits --product textgan --build-path "$build" >/dev/null 2>&1
bin="$build/debug/textgan"
if ldd "$bin" | grep -q libmpi; then echo "check-without-mpi: $bin links Open MPI" >&2; exit 1; fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" train --corpus corpora/tiny.txt --out "$out/one" --iterations 2 --dim 8 --blocks 1 --seq-len 16 --batch-size 8 --eval-every 0 --quiet >/dev/null
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
if mpirun -n 2 --oversubscribe "$bin" train --corpus corpora/tiny.txt --out "$out/two" --iterations 2 > "$out/log" 2>&1; then
    echo "check-without-mpi: a build without MPI ran under mpirun" >&2; exit 1
fi
grep -q "this textgan was built without MPI" "$out/log" || { cat "$out/log" >&2; exit 1; }
[ ! -e "$out/two" ] || { echo "check-without-mpi: the refused run wrote $out/two" >&2; exit 1; }
echo "check-without-mpi: trains as one process, refuses mpirun: ok"
