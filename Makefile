# The commands the README shows. Each first makes sure the system libraries
# (libopenblas-dev, libutf8proc-dev) are installed.

SWIFT ?= swift
RELEASE_BIN := .build/release/textgan

.PHONY: demo test bench build system-packages clean

## demo: build in release, train a small GAN on the bundled English corpus, print samples
demo: system-packages
	$(SWIFT) build -c release --product textgan
	$(RELEASE_BIN) demo

## test: the whole test suite (debug build)
test: system-packages
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

## bench: engine benchmarks, then textgan against PyTorch (PYTHON: a Python with torch); see docs/benchmarks.md
bench: system-packages
	$(SWIFT) build -c release --product textgan
	$(RELEASE_BIN) bench-engine
	bench/compare.sh

build: system-packages
	$(SWIFT) build -c release --product textgan

system-packages:
	@scripts/ensure-system-packages.sh

clean:
	rm -rf .build
