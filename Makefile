# Kuiduo — the two commands a newcomer needs:
#   make run     install what is missing (Debian 12, as root), build, start the workbench
#   make check   the same set-up, then every test suite, plain and with ASan/UBSan
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 120
ARGS       ?=

# The cadres read Chinese: without a locale of its own the app starts in zh_CN.
RUN_LANG := $(if $(filter-out C C.UTF-8 C.utf8 POSIX,$(LANG)),$(LANG),zh_CN.UTF-8)
RUN_ENV  := KUIDUO_LOCALEDIR=$(CURDIR)/$(BUILD)/po GSETTINGS_SCHEMA_DIR=$(CURDIR)/$(BUILD)/data LANG=$(RUN_LANG)

.PHONY: all setup build run check check-plain check-asan slow headless demo bench fuzz clean

all: build

setup:
	@sh tools/setup.sh

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

build: setup $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	@if [ -z "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	  echo "No display: starting the phone endpoint only (kuiduo --headless). Stop it with Ctrl+C."; \
	  $(RUN_ENV) ./$(BUILD)/src/kuiduo --headless $(ARGS); \
	elif [ -z "$$DBUS_SESSION_BUS_ADDRESS" ]; then \
	  $(RUN_ENV) dbus-run-session -- ./$(BUILD)/src/kuiduo $(ARGS); \
	else \
	  $(RUN_ENV) ./$(BUILD)/src/kuiduo $(ARGS); \
	fi

demo:
	$(MAKE) run ARGS="--demo $(ARGS)"

headless: build
	$(RUN_ENV) ./$(BUILD)/src/kuiduo --headless $(ARGS)

check: setup check-plain check-asan

check-plain: $(BUILD)/build.ninja
	ninja -C $(BUILD)
	meson test -C $(BUILD) --print-errorlogs --num-processes 2 --no-suite slow

# The windows under AddressSanitizer are slow: one at a time.
check-asan: $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	meson test -C $(ASAN_BUILD) --print-errorlogs --num-processes 2 --no-suite slow --no-suite display
	meson test -C $(ASAN_BUILD) --print-errorlogs --num-processes 1 --suite display

# The long durability run: 20 rounds of SIGKILL under load.
slow: build
	meson test -C $(BUILD) --print-errorlogs --suite slow

# Figures, not pass/fail: see tests/bench/.
bench: build
	@sh tools/setup.sh bench
	tests/bench/ingest --kuiduo $(BUILD)/src/kuiduo
	$(BUILD)/tests/bench/bench-cases --db $(BUILD)/bench-cases.db
	GSETTINGS_SCHEMA_DIR=$(CURDIR)/$(BUILD)/data GSETTINGS_BACKEND=memory \
	  xvfb-run -a -s '-screen 0 1280x800x24' $(BUILD)/tests/bench/bench-stall --db $(BUILD)/bench-cases.db --clients 0
	GSETTINGS_SCHEMA_DIR=$(CURDIR)/$(BUILD)/data GSETTINGS_BACKEND=memory \
	  xvfb-run -a -s '-screen 0 1280x800x24' $(BUILD)/tests/bench/bench-stall

# libFuzzer on every parser the LAN reaches, FUZZ_SECONDS each, from the seed
# corpus (copied: what the fuzzer adds stays in $(FUZZ_BUILD)).
fuzz:
	@sh tools/setup.sh fuzz
	@test -f $(FUZZ_BUILD)/build.ninja || CC=clang meson setup $(FUZZ_BUILD) --buildtype=debugoptimized \
	  -Dfuzzing=true -Db_sanitize=address,undefined -Db_lundef=false
	ninja -C $(FUZZ_BUILD) tests/fuzz/fuzz-report-json tests/fuzz/fuzz-report-form tests/fuzz/fuzz-multipart tests/fuzz/fuzz-open311
	@for t in report-json report-form multipart open311; do \
	  corpus=$(FUZZ_BUILD)/corpus-$$t; mkdir -p $$corpus; \
	  cp -n tests/fuzz/corpus/$${t#report-}/* $$corpus/ 2>/dev/null || true; \
	  echo "== fuzz-$$t for $(FUZZ_SECONDS) s"; \
	  ./$(FUZZ_BUILD)/tests/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -max_len=70000 \
	    -print_final_stats=1 $$corpus 2>&1 | grep -E 'stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY|Done' ; \
	done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
