# vmiwedge: build, run and test.  See README.md.
#
#   make            build everything into build/ (installs what is missing)
#   make run        boot the default guest under Xen in QEMU
#   make test       every test suite; ends with "N passed, N failed"
#   make clean      remove build/ except the cached Xen and newlib builds
#   make distclean  remove all of build/

BUILD   := build
CROSS   ?= i686-linux-gnu-
TCC     := $(CROSS)gcc
TLD     := $(CROSS)ld
TOBJDUMP:= $(CROSS)objdump
HOSTCC  ?= gcc
PYTHON  ?= python3
LOG_LEVEL ?= LOG_LEVEL_INFO
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)

XEN     := $(BUILD)/xen/xen
NEWLIB  := $(BUILD)/newlib/i686-elf
SYSINC  := $(BUILD)/sysinc
DEPS_OK := $(BUILD)/.deps-ok
WEDGE   := $(BUILD)/vmiwedge.elf

# Run options (README.md, "Running your own guest").  Without GUEST=, `make
# run` boots the PAE conformance guest.
GUEST   ?= $(BUILD)/guest/guest-pae.elf
INITRD  ?=
CMDLINE ?=
MEM     ?= 256M
WEDGE_ARGS ?=
TIMEOUT ?= 60

# Freestanding 32-bit code: no host libc headers, only GCC's own, newlib's
# and Xen's public ones.
TARGET_CFLAGS = -std=gnu11 -m32 -march=i686 -O2 -g -ffreestanding -fno-pie -fno-pic \
	-fno-stack-protector -fno-omit-frame-pointer -fno-common -mgeneral-regs-only \
	-mpreferred-stack-boundary=2 -Wall -Wextra -Werror \
	-nostdinc -isystem $(shell $(TCC) -print-file-name=include) \
	-isystem $(NEWLIB)/include -isystem $(SYSINC) -I. \
	-DLOG_LEVEL=$(LOG_LEVEL) -DVMIWEDGE_VERSION='"$(VERSION)"' -MMD -MP
TARGET_ASFLAGS = -m32 -D__ASSEMBLY__ -nostdinc -isystem $(SYSINC) -I. -MMD -MP

WEDGE_SRCS := $(filter-out $(wildcard */fuzz_*.c),$(wildcard wedge/*.c wedge/*.S xen/*.c xen/*.S cpu/*.c cpu/*.S rom/*.c rom/*.S))
WEDGE_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(basename $(WEDGE_SRCS)))

.PHONY: all run test unit-tests integration-tests clean distclean deps xen newlib format fuzz bench
all: $(WEDGE) $(BUILD)/vmiwedge.lst $(BUILD)/vmi.rom $(XEN) unit-tests guests

deps: $(DEPS_OK)
$(DEPS_OK): scripts/deps.sh
	@mkdir -p $(BUILD)
	@scripts/deps.sh
	@touch $@

xen: $(XEN)
$(XEN): scripts/build-xen.sh | $(DEPS_OK)
	@scripts/build-xen.sh $(BUILD)/xen

newlib: $(NEWLIB)/lib/libc.a
$(NEWLIB)/lib/libc.a: scripts/build-newlib.sh | $(DEPS_OK)
	@scripts/build-newlib.sh $(BUILD)/newlib

# Xen's public headers without the rest of /usr/include.
$(SYSINC)/xen: | $(DEPS_OK)
	@mkdir -p $(SYSINC)
	@test -d /usr/include/xen || { echo "missing /usr/include/xen (package libxen-dev)" >&2; exit 1; }
	@ln -sfn /usr/include/xen $@

$(BUILD)/obj/%.o: %.c | $(SYSINC)/xen $(NEWLIB)/lib/libc.a
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(TCC) $(TARGET_CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.S | $(SYSINC)/xen
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(TCC) $(TARGET_ASFLAGS) -c $< -o $@

$(BUILD)/wedge.lds: wedge/wedge.ld.in include/wedge_layout.h
	@mkdir -p $(dir $@)
	@$(TCC) -E -P -x c -U i386 -D__ASSEMBLER__ -I. $< -o $@

# The banner names the tree it was built from: main.o follows the version.
VERSION_STAMP := $(BUILD)/version.stamp
$(shell mkdir -p $(BUILD); echo '$(VERSION)' | cmp -s - $(VERSION_STAMP) 2>/dev/null || \
	echo '$(VERSION)' > $(VERSION_STAMP))
$(BUILD)/obj/wedge/main.o: $(VERSION_STAMP)

$(WEDGE): $(WEDGE_OBJS) $(BUILD)/wedge.lds $(NEWLIB)/lib/libc.a
	@echo "  LD      $@"
	@$(TLD) -m elf_i386 -nostdlib -T $(BUILD)/wedge.lds --no-warn-rwx-segments -z noexecstack \
		-o $@ $(WEDGE_OBJS) $(NEWLIB)/lib/libc.a $(shell $(TCC) -print-libgcc-file-name)

# A disassembly on every build, so layout changes show up as diffs.
$(BUILD)/vmiwedge.lst: $(WEDGE)
	@$(TOBJDUMP) -d -h $< > $@

# ---- patchup-tool and the extracted ROM ---------------------------------
HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -I.
PATCHUP_LIB := $(filter-out patchup-tool/main.c patchup-tool/fuzz_%.c,$(wildcard patchup-tool/*.c)) rom/rom_image.c
PATCHUP := $(BUILD)/patchup-tool

$(PATCHUP): patchup-tool/main.c $(PATCHUP_LIB) $(wildcard patchup-tool/*.h include/*.h rom/*.h) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(HOST_CFLAGS) -o $@ patchup-tool/main.c $(PATCHUP_LIB)

# Every build extracts the ROM and checks it as Linux would.
$(BUILD)/vmi.rom: $(WEDGE) $(PATCHUP)
	@$(PATCHUP) extract $(WEDGE) -o $@.tmp
	@$(PATCHUP) verify $@.tmp
	@mv $@.tmp $@

# ---- the conformance guest ---------------------------------------------
include tests/guest/guest.mk
.PHONY: guests
guests: $(GUEST_ELFS)

# ---- host unit tests (cmocka) ------------------------------------------
UNIT_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -D_GNU_SOURCE -I. -fsanitize=address,undefined
UNIT_TESTS  := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))
# The wedge sources each unit test links against.
UNIT_SRCS_test_cmdline := wedge/cmdline.c
UNIT_SRCS_test_rom_image := rom/rom_image.c
UNIT_SRCS_test_rom_file := patchup-tool/rom_file.c patchup-tool/elf32.c rom/rom_image.c
UNIT_SRCS_test_counters_decode := patchup-tool/counters_decode.c
UNIT_SRCS_test_decode := cpu/decode.c
UNIT_SRCS_test_shadow := xen/mm_ops.c xen/shadow.c xen/shadow_l1.c xen/guest_pt.c $(wildcard tests/unit/shadow_model/*.c)
# The shadow model's xen/hypercall.h must win over the real one.
UNIT_CFLAGS_test_shadow := -iquote tests/unit/shadow_model
UNIT_SRCS_test_loader := wedge/loader.c wedge/loader_elf.c wedge/loader_bzimage.c wedge/boot_params.c wedge/cpio.c

unit-tests: $(UNIT_TESTS)
.SECONDEXPANSION:
$(BUILD)/unit/%: tests/unit/%.c $$(UNIT_SRCS_$$*) $$(wildcard tests/unit/shadow_model/*.h tests/unit/shadow_model/xen/*.h) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(UNIT_CFLAGS) $(UNIT_CFLAGS_$*) -o $@ $(filter %.c,$^) -lcmocka

# ---- running -----------------------------------------------------------
run: $(WEDGE) $(XEN) $(GUEST_ELFS)
	@$(PYTHON) tests/harness/xenrun.py --xen $(XEN) --wedge $(WEDGE) --mem $(MEM) \
		--timeout $(TIMEOUT) --wedge-args "$(WEDGE_ARGS)" \
		$(if $(GUEST),--guest "$(GUEST)") $(if $(INITRD),--initrd "$(INITRD)") \
		$(if $(CMDLINE),--cmdline "$(CMDLINE)") --log $(BUILD)/run.log

test: all
	@$(PYTHON) tests/run_tests.py --build $(BUILD)

# ---- fuzzing (bounded; not part of make test) ---------------------------
FUZZ_SECONDS ?= 30
FUZZ_CC ?= clang
FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I.
FUZZERS := $(BUILD)/fuzz/decode $(BUILD)/fuzz/parsers $(BUILD)/fuzz/loader

$(BUILD)/fuzz/decode: cpu/fuzz_decode.c cpu/decode.c cpu/decode.h
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ cpu/fuzz_decode.c cpu/decode.c
$(BUILD)/fuzz/parsers: patchup-tool/fuzz_parsers.c $(PATCHUP_LIB)
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ patchup-tool/fuzz_parsers.c $(PATCHUP_LIB)
$(BUILD)/fuzz/loader: wedge/fuzz_loader.c $(UNIT_SRCS_test_loader)
	@mkdir -p $(dir $@)
	@$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ wedge/fuzz_loader.c $(UNIT_SRCS_test_loader)

# Each fuzzer runs FUZZ_SECONDS from seeds made by the build; a crash fails.
fuzz: $(FUZZERS) $(BUILD)/vmi.rom $(GUEST_ELFS)
	@mkdir -p $(BUILD)/fuzz/seeds-parsers $(BUILD)/fuzz/seeds-loader $(BUILD)/fuzz/seeds-decode
	@cp $(BUILD)/vmi.rom $(BUILD)/fuzz/seeds-parsers/
	@$(PYTHON) tests/harness/guestpack.py -o $(BUILD)/fuzz/seeds-loader/guest.cpio \
		--kernel $(BUILD)/guest/guest-pae.elf --cmdline "console=ttyS0"
	@printf '\x0f\x01\x15\x00\x10\x00\x00' > $(BUILD)/fuzz/seeds-decode/lgdt
	@for f in decode parsers loader; do \
		echo "fuzz: $$f for $(FUZZ_SECONDS) s"; \
		$(BUILD)/fuzz/$$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz/crash-$$f- $(BUILD)/fuzz/seeds-$$f \
			2>$(BUILD)/fuzz/$$f.log || { tail -30 $(BUILD)/fuzz/$$f.log; exit 1; }; \
		grep -E 'stat::number_of_executed_units' $(BUILD)/fuzz/$$f.log; \
	done

# ---- benchmarks (under -icount; not part of make test) -------------------
# Both guest builds with `bench` on their command line; the table goes to
# the console and to $(BUILD)/bench.txt and $(BUILD)/bench.json.
bench: $(WEDGE) $(XEN) $(GUEST_ELFS)
	@$(PYTHON) tests/bench/bench.py --build $(BUILD) --xen $(XEN) --wedge $(WEDGE) --mem $(MEM)

format:
	@clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD)/obj $(BUILD)/unit $(BUILD)/*.elf $(BUILD)/*.lst $(BUILD)/*.lds \
		$(BUILD)/*.log $(BUILD)/test-logs $(BUILD)/sysinc

distclean:
	rm -rf $(BUILD)

-include $(WEDGE_OBJS:.o=.d)
