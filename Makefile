# The two commands of the README. Each installs what is missing (Debian
# packages), builds out of tree in build/, then runs.
BUILD ?= build
JOBS ?= $(shell nproc)
DEBS := cmake g++ make pkg-config libboost-dev libxml2-dev libxml2-utils libssl-dev libpoco-dev \
        libyaml-cpp-dev libgtest-dev libsimdjson-dev libsqlite3-dev sqlite3 postgresql openssl python3 \
        libjemalloc-dev liblz4-dev jq \
        chromium \
        python3-aiosmtpd prometheus \
        clang libclang-rt-14-dev

.PHONY: all deps build test check-sanitize fuzz-smoke demo clean

all: build

deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSETELI_WERROR=ON > /dev/null
	cmake --build $(BUILD) -j $(JOBS)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) fuzz-smoke

# The whole suite built with ASan and UBSan (docs/reliability.md). Leaks
# at exit inside third-party libraries only are suppressed by tests/lsan.supp.
# The operator fault campaign's timeout is set for an optimised build: here
# it runs at a tenth of its size (200 messages, 2 kills) instead.
ASAN_BUILD ?= build-asan
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1 \
        LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
check-sanitize: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DSETELI_SANITIZE=ON > /dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS) -LE campaign
	$(SANITIZER_ENV) python3 tests/operator/campaign_test.py $(abspath $(ASAN_BUILD))/seteli \
	  $(abspath $(ASAN_BUILD))/operator-sim 200 2 0.3 7

# Each libFuzzer target of tests/fuzz for FUZZ_SECONDS, built with clang in
# its own tree; any crash, leak or sanitizer report fails.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 30
fuzz-smoke: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSETELI_FUZZ=ON -DSETELI_FUZZ_SECONDS=$(FUZZ_SECONDS) > /dev/null
	cmake --build $(FUZZ_BUILD) --target fuzzers -j $(JOBS)
	cd $(FUZZ_BUILD) && ctest -L fuzz --output-on-failure -j $(JOBS)

demo: build
	$(BUILD)/seteli demo

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
