# The VMI conformance guest (tests/guest/README.md), included by the top
# Makefile, which defines TCC, TLD and BUILD.  Two builds from one source:
#
#   $(BUILD)/guest/guest-pae.elf    PAE page tables     (objects in $(BUILD)/guest/pae/)
#   $(BUILD)/guest/guest-nopae.elf  2-level page tables (objects in $(BUILD)/guest/nopae/)
#
# Each embeds $(BUILD)/vmi.rom (rom_blob.S, .incbin) to compare with the
# ROM it finds installed.

GUEST_DIR  := tests/guest
GUEST_SRCS := $(wildcard $(GUEST_DIR)/*.c $(GUEST_DIR)/*.S)
GUEST_ROM  := $(BUILD)/vmi.rom
GUEST_LDS  := $(BUILD)/guest/guest.lds
GUEST_ELFS := $(BUILD)/guest/guest-pae.elf $(BUILD)/guest/guest-nopae.elf

# Freestanding, no libc; only GCC's own headers.  No loop-to-memcpy/memset
# rewriting: string.c defines those functions, and early_paging.c runs
# before paging, where any surprise call is best avoided.
GUEST_CFLAGS = -std=gnu11 -m32 -march=i686 -O2 -g -ffreestanding -fno-pie -fno-pic \
	-fno-stack-protector -mgeneral-regs-only -fno-asynchronous-unwind-tables -fno-common \
	-fno-tree-loop-distribute-patterns -Wall -Wextra -Werror \
	-nostdinc -isystem $(shell $(TCC) -print-file-name=include) -I. -MMD -MP
GUEST_ASFLAGS = -m32 -nostdinc -I. -DGUEST_ROM_FILE='"$(GUEST_ROM)"' -MMD -MP
GUEST_LIBGCC = $(shell $(TCC) -print-libgcc-file-name)

$(GUEST_LDS): $(GUEST_DIR)/guest.ld.in $(GUEST_DIR)/layout.h
	@mkdir -p $(dir $@)
	@$(TCC) -E -P -x c -U i386 -D__ASSEMBLER__ -I. $< -o $@

# $(1): variant directory and file suffix, $(2): value of GUEST_PAE.
define GUEST_VARIANT
GUEST_OBJS_$(1) := $$(patsubst $$(GUEST_DIR)/%,$$(BUILD)/guest/$(1)/%.o,$$(basename $$(GUEST_SRCS)))

$$(BUILD)/guest/$(1)/%.o: $$(GUEST_DIR)/%.c
	@mkdir -p $$(dir $$@)
	@echo "  CC      $$< ($(1))"
	@$$(TCC) $$(GUEST_CFLAGS) -DGUEST_PAE=$(2) -c $$< -o $$@

$$(BUILD)/guest/$(1)/%.o: $$(GUEST_DIR)/%.S
	@mkdir -p $$(dir $$@)
	@echo "  AS      $$< ($(1))"
	@$$(TCC) $$(GUEST_ASFLAGS) -DGUEST_PAE=$(2) -c $$< -o $$@

# .incbin is invisible to -MMD.
$$(BUILD)/guest/$(1)/rom_blob.o: $$(GUEST_ROM)

$$(BUILD)/guest/guest-$(1).elf: $$(GUEST_OBJS_$(1)) $$(GUEST_LDS) $$(GUEST_ROM)
	@echo "  LD      $$@"
	@$$(TLD) -m elf_i386 -nostdlib -z noexecstack -T $$(GUEST_LDS) -o $$@ \
		$$(GUEST_OBJS_$(1)) $$(GUEST_LIBGCC)

-include $$(GUEST_OBJS_$(1):.o=.d)
endef

$(eval $(call GUEST_VARIANT,pae,1))
$(eval $(call GUEST_VARIANT,nopae,0))
