# Clario: the two commands. `make run` installs, builds, fills the demo data
# and serves; `make test` installs, builds and runs every test (plain and under
# AddressSanitizer + UndefinedBehaviorSanitizer). `make bench` measures.
BUILD      ?= build
SAN        ?= build-san
DEMO_DB    ?= var/demo.db
LISTEN     ?= 127.0.0.1:8080
CLARIO      = $(BUILD)/cli/clario

export ASAN_OPTIONS  = detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS = print_stacktrace=1:halt_on_error=1

.PHONY: all deps build build-san run demo test bench clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja:
	meson setup $(BUILD) --buildtype=debugoptimized

$(SAN)/build.ninja:
	meson setup $(SAN) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

build-san: deps $(SAN)/build.ninja
	ninja -C $(SAN)

demo: build
	@mkdir -p $(dir $(DEMO_DB))
	@if [ ! -f $(DEMO_DB) ]; then $(CLARIO) demo --db $(DEMO_DB); fi

run: demo
	@echo
	@echo "Clario is starting: open http://$(LISTEN)/ and sign in with a web_ line below"
	@echo "(e-mail, then password; Ctrl-C stops it). Password-reset links go to the log."
	@echo "Demo credentials (API keys, send as 'Authorization: Bearer KEY'; web users):"
	@sed 's/^/  /' $(DEMO_DB).credentials
	@echo "Try: curl -H \"Authorization: Bearer \$$(sed -n 's/^merchant_key=//p' $(DEMO_DB).credentials)\" \\"
	@echo "       'http://$(LISTEN)/v1/merchants/'\$$(sed -n 's/^merchant_id=//p' $(DEMO_DB).credentials)'/summary?from=2026-10-01&to=2026-10-31'"
	@echo
	exec env CLARIO_DEMO=1 $(CLARIO) serve --db $(DEMO_DB) --listen $(LISTEN)

test: build build-san
	scripts/run-tests $(BUILD) $(SAN)

bench: build
	$(BUILD)/bench/clario_bench $(CLARIO) scripts/pg-cluster
	$(BUILD)/bench/clario_bench_analytics $(CLARIO)
	$(BUILD)/bench/clario_bench_import $(CLARIO)

clean:
	rm -rf $(BUILD) $(SAN)
