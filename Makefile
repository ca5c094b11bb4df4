# Thin wrapper: `make run` sets up, builds (Release) and runs the main job on the bundled real data;
# `make test` sets up, builds and runs the whole test suite with ctest.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=Release

FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= csv_tokenizer rtt_extract national_series patient_list scenario compressed_input dm01 cancer_cwt workforce sickness_absence beds_kh03

.PHONY: setup configure build run test bench fuzz format clean install

setup:
	@bash scripts/bootstrap

configure: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Puts `elective` on the PATH: PREFIX/bin/elective, with the data, scenarios and dashboard in PREFIX/share/elective
# (`make install PREFIX=~/.local` needs no root).
PREFIX ?= /usr/local
install: build
	@cmake --install $(BUILD_DIR) --prefix $(PREFIX)

run: build
	@bash scripts/main-job $(BUILD_DIR)/elective

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bash scripts/run-benchmarks $(BUILD_DIR)

# Each libFuzzer target for FUZZ_SECONDS (default 600), one after another, keeping the corpus in
# $(BUILD_DIR)/fuzz-corpus and any crash input in $(BUILD_DIR)/fuzz-artifacts (fuzz/README.md).
fuzz: build
	@fail=0; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(BUILD_DIR)/fuzz-corpus/$$t $(BUILD_DIR)/fuzz-artifacts/$$t; \
	  bash scripts/fuzz-run $(BUILD_DIR)/fuzz $$t $(FUZZ_SECONDS) $(BUILD_DIR)/fuzz-corpus/$$t \
	    $(BUILD_DIR)/fuzz-artifacts/$$t || fail=1; \
	done; exit $$fail

format:
	@find src tests bench fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	@rm -rf $(BUILD_DIR)
