/*
 * Shadow L1 pages.  Each shadows one guest page table (or a large page, or
 * a stretch of the paging-off identity map) and is shared by every root
 * whose directory points at that table, as Linux's kernel tables are by
 * every process.  Entries follow the guest's with precise accessed/dirty
 * tracking:
 *   - guest entry not present, or accessed clear: shadow not present, so
 *     the first access faults and the wedge sets A;
 *   - writable but dirty clear: shadow read-only, so the first write faults
 *     and the wedge sets D;
 *   - otherwise: the guest's rights (ROM frames read-only whatever they say).
 * Linux clears A or D and then flushes; the resync that follows re-arms.
 */
#define LOG_SUBSYS "shadow"
#include <stdio.h>
#include <string.h>

#include "cpu/vcpu.h"
#include "include/wedge_layout.h"
#include "wedge/counters.h"
#include "wedge/guest_mem.h"
#include "wedge/loader.h"
#include "wedge/log.h"
#include "wedge/panic.h"
#include "xen/hypercall.h"
#include "xen/shadow_internal.h"

#define SL1_POOL       3072
#define HASH_BUCKETS   1024
#define GPTE_P         0x1u
#define GPTE_RW        0x2u
#define GPTE_US        0x4u
#define GPTE_A         0x20u
#define GPTE_D         0x40u
#define GPTE_PS        0x80u
#define ROM_FIRST_GPFN (GUEST_ROM_GPA >> PAGE_SHIFT)
#define ROM_PAGES      2

static struct sl1 pool[SL1_POOL];
static struct sl1 *buckets[HASH_BUCKETS];
static uint32_t use_clock;
static mmu_update_t batch[SL1_ENTRIES];

/* Shadow entry updates the guest allowed us to defer (SetLazyMode, DEFER):
 * they go to Xen in one mmu_update when the batch ends or the guest could
 * observe the difference (a flush, a CR3 switch, a trap). */
static mmu_update_t queue[SL1_ENTRIES];
static unsigned int queued;
static uint8_t guest_table[PAGE_SIZE];

BURN_COUNTER(shadow_l1_made);
BURN_COUNTER(shadow_l1_shared);
BURN_COUNTER(shadow_l1_evicted);
BURN_COUNTER(shadow_l1_resync);
BURN_COUNTER(shadow_l1_resync_skipped);
BURN_COUNTER(shadow_pte_update);
BURN_COUNTER(shadow_mmu_batches);

void sl1_init(void)
{
	memset(pool, 0, sizeof(pool));
	memset(buckets, 0, sizeof(buckets));
	queued = 0;
	use_clock = 0;
}

static int key_equal(const struct sl1_key *a, const struct sl1_key *b)
{
	return a->kind == b->kind && a->half == b->half && a->user_view == b->user_view &&
	       a->is64 == b->is64 && a->gpa == b->gpa && a->pde_rights == b->pde_rights;
}

/* By guest frame only, so that every shadow of one guest table is found
 * from the table's address alone (SetPxE, ReleasePage). */
static unsigned int key_hash(const struct sl1_key *k)
{
	return (k->gpa >> 12) % HASH_BUCKETS;
}

static uint64_t read_entry(uint32_t gpa, int is64)
{
	uint64_t e = 0;
	if (guest_phys_read(gpa, &e, is64 ? 8 : 4) != 0)
		return 0;
	return e;
}

void sl1_key_for(enum guest_pt_format fmt, uint32_t root_gpa, int user_view, uint32_t base,
                 struct sl1_key *k)
{
	memset(k, 0, sizeof(*k));
	k->user_view = (uint8_t)user_view;
	if (fmt == GUEST_PT_IDENTITY) {
		if (base < guest_phys.ram_bytes) {
			k->kind = SL1_IDENTITY;
			k->gpa = base;
			k->pde_rights = GPTE_RW | GPTE_US;
		}
		return;
	}
	uint64_t pde;
	if (fmt == GUEST_PT_PAE) {
		uint64_t pdpte = read_entry((root_gpa & ~0x1fu) + (base >> 30) * 8, 1);
		if (!(pdpte & GPTE_P))
			return;
		pde = read_entry(pae_entry_gpa(pdpte) + ((base >> 21) & 511) * 8, 1);
		k->is64 = 1;
	} else {
		pde = read_entry((root_gpa & ~0xfffu) + (base >> 22) * 4, 0);
		k->half = (base >> 21) & 1;
	}
	if (!(pde & GPTE_P))
		return;
	k->pde_rights = (uint32_t)pde & (GPTE_RW | GPTE_US);
	if (pde & PTE_NX)
		k->pde_rights |= 0x80000000u;
	if (pde & GPTE_PS) {
		k->kind = SL1_LARGE;
		k->gpa = k->is64 ? (pae_entry_gpa(pde) & ~0x1fffffu)
		                 : ((uint32_t)pde & 0xffc00000u) + (base & 0x200000u);
		k->half = 0;
	} else {
		k->kind = SL1_TABLE;
		k->gpa = k->is64 ? pae_entry_gpa(pde) : (uint32_t)pde & 0xfffff000u;
	}
}

static int is_rom_frame(uint32_t gpfn)
{
	return gpfn >= ROM_FIRST_GPFN && gpfn < ROM_FIRST_GPFN + ROM_PAGES;
}

/* The shadow entry for a guest entry under the rules above. */
static uint64_t shadow_entry(const struct sl1_key *k, uint64_t gpte, uint32_t gpa_of_page)
{
	if (!(gpte & GPTE_P))
		return 0;
	uint32_t gpfn = gpa_of_page >> PAGE_SHIFT;
	if (!gpfn_valid(gpfn))
		return 0; /* refused when touched: shadow_fault says why */
	int writable = (gpte & GPTE_RW) && (k->pde_rights & GPTE_RW) && !is_rom_frame(gpfn);
	int user = (gpte & GPTE_US) && (k->pde_rights & GPTE_US);
	int nx = ((gpte & PTE_NX) || (k->pde_rights & 0x80000000u)) && (vcpu.efer & X86_EFER_NX);
	if (k->kind == SL1_TABLE) {
		if (!(gpte & GPTE_A))
			return 0;
		if (writable && !(gpte & GPTE_D))
			writable = 0;
	}
	uint64_t flags = PTE_PRESENT | PTE_ACCESSED;
	if (writable)
		flags |= PTE_RW | PTE_DIRTY;
	if (user || k->user_view)
		flags |= PTE_USER;
	if (nx)
		flags |= PTE_NX;
	return pte_for_mfn(gpfn_to_mfn(gpfn), flags);
}

/*
 * Precise A/D is for the guest's user pages, whose bits Linux reads.  Its
 * kernel pages get A (and D where writable) as soon as they are shadowed:
 * the kernel's stack must never take a fault Xen could not deliver on it,
 * and Linux does not track kernel pages by these bits.  Returns the bits to
 * set in the guest entry, 0 if none.
 */
static uint32_t eager_bits(const struct sl1_key *k, uint64_t g)
{
	if (!(g & GPTE_P) || ((g & GPTE_US) && (k->pde_rights & GPTE_US)))
		return 0;
	uint32_t want = GPTE_A | (((g & GPTE_RW) && (k->pde_rights & GPTE_RW)) ? GPTE_D : 0);
	return want & ~(uint32_t)g;
}

/* FNV-1a over the guest table: a cheap way to see it has not changed. */
static uint64_t table_sum(const uint8_t *page)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const uint32_t *w = (const uint32_t *)page;
	for (unsigned int i = 0; i < PAGE_SIZE / 4; i++)
		h = (h ^ w[i]) * 0x100000001b3ULL;
	return h;
}

static int efer_nx(void)
{
	return (vcpu.efer & X86_EFER_NX) != 0;
}

/*
 * The 512 shadow entries the key asks for now.  For a table the guest's
 * page is read into guest_table first (read_table) and *sum receives its
 * sum as it stands after any eager A/D writeback.
 */
static int read_table(const struct sl1_key *k)
{
	return k->kind == SL1_TABLE && guest_phys_read(k->gpa, guest_table, PAGE_SIZE) == 0;
}

static void entries_from_table(const struct sl1_key *k, int have_table, uint64_t *out,
                               uint64_t *sum)
{
	*sum = 0;
	if (k->kind == SL1_IDENTITY || k->kind == SL1_LARGE) {
		uint64_t synthetic = GPTE_P | GPTE_RW | GPTE_US | GPTE_A | GPTE_D;
		for (unsigned int i = 0; i < SL1_ENTRIES; i++) {
			uint32_t gpa = k->gpa + i * PAGE_SIZE;
			out[i] = gpa < guest_phys.ram_bytes ? shadow_entry(k, synthetic, gpa) : 0;
		}
		return;
	}
	if (!have_table) {
		memset(out, 0, SL1_ENTRIES * sizeof(uint64_t));
		return;
	}
	int touched = 0;
	for (unsigned int i = 0; i < SL1_ENTRIES; i++) {
		void *slot = k->is64
		                 ? (void *)&((uint64_t *)guest_table)[i]
		                 : (void *)&((uint32_t *)guest_table)[k->half * SL1_ENTRIES + i];
		uint64_t g = k->is64 ? *(uint64_t *)slot : *(uint32_t *)slot;
		uint32_t eager = eager_bits(k, g);
		if (eager) {
			*(uint32_t *)slot |= eager; /* A and D live in the low word */
			g |= eager;
			touched = 1;
		}
		uint32_t gpa = k->is64 ? pae_entry_gpa(g) : (uint32_t)g & 0xfffff000u;
		out[i] = shadow_entry(k, g, gpa);
	}
	if (touched)
		guest_phys_write(k->gpa, guest_table, PAGE_SIZE);
	*sum = table_sum(guest_table);
}

static void compute_entries(const struct sl1_key *k, uint64_t *out, uint64_t *sum)
{
	entries_from_table(k, read_table(k), out, sum);
}

static void mark_synced(struct sl1 *s, uint64_t sum)
{
	s->synced = 1;
	s->synced_sum = sum;
	s->synced_nx = (uint8_t)efer_nx();
}

static struct sl1 *evict_one(void)
{
	struct sl1 *victim = NULL;
	for (unsigned int i = 0; i < SL1_POOL; i++)
		if (pool[i].used && !pool[i].orphan && pool[i].refs == 0 &&
		    (!victim || pool[i].last_use < victim->last_use))
			victim = &pool[i];
	if (!victim)
		return NULL;
	struct sl1 **pp = &buckets[key_hash(&victim->key)];
	while (*pp != victim)
		pp = &(*pp)->hash_next;
	*pp = victim->hash_next;
	sl1_flush_queue(); /* nothing queued may land in a recycled frame */
	frame_free(victim->frame);
	victim->used = 0;
	burn_counter_inc(&burn_counter_shadow_l1_evicted);
	return victim;
}

static struct sl1 *make_sl1(const struct sl1_key *k)
{
	struct sl1 *s = NULL;
	for (unsigned int i = 0; i < SL1_POOL && !s; i++)
		if (!pool[i].used)
			s = &pool[i];
	if (!s && !(s = evict_one()))
		wedge_bug(
		    "shadow pool exhausted: all %u shadow L1 pages are in use by live address "
		    "spaces",
		    SL1_POOL);
	if (frames_free_count() == 0 && !evict_one())
		wedge_bug("shadow pool exhausted: no free frame for a shadow L1");
	*s = (struct sl1){.key = *k, .used = 1};
	s->frame = frame_alloc();
	s->mfn = dpfn_to_mfn(s->frame);
	/* Not a page table yet: fill it through a plain writable window. */
	uint64_t *t = window_map(s->mfn, 1);
	uint64_t sum;
	compute_entries(k, t, &sum);
	window_unmap(t);
	mark_synced(s, sum);
	unsigned int h = key_hash(k);
	s->hash_next = buckets[h];
	buckets[h] = s;
	burn_counter_inc(&burn_counter_shadow_l1_made);
	return s;
}

struct sl1 *sl1_find(const struct sl1_key *k)
{
	for (struct sl1 *s = buckets[key_hash(k)]; s; s = s->hash_next)
		if (key_equal(&s->key, k))
			return s;
	return NULL;
}

struct sl1 *sl1_get(const struct sl1_key *k, int resync)
{
	struct sl1 *s;
	for (s = buckets[key_hash(k)]; s; s = s->hash_next)
		if (key_equal(&s->key, k))
			break;
	if (s) {
		burn_counter_inc(&burn_counter_shadow_l1_shared);
		if (resync)
			sl1_resync(s);
	} else {
		s = make_sl1(k);
	}
	s->refs++;
	s->last_use = ++use_clock;
	return s;
}

void sl1_put(struct sl1 *s)
{
	BUG_ON(s->refs == 0);
	if (--s->refs == 0 && s->orphan) {
		sl1_flush_queue();
		frame_free(s->frame);
		s->used = 0;
	}
}

static void flush_batch(unsigned int n)
{
	if (!n)
		return;
	unsigned int done = 0;
	burn_counter_inc(&burn_counter_shadow_mmu_batches);
	if (HYPERVISOR_mmu_update(batch, n, &done, DOMID_SELF) != 0 || done != n)
		wedge_bug("shadow: Xen refused %u of %u shadow entry updates", n - done, n);
}

void sl1_flush_queue(void)
{
	if (!queued)
		return;
	unsigned int n = queued, done = 0;
	queued = 0;
	burn_counter_inc(&burn_counter_shadow_mmu_batches);
	if (HYPERVISOR_mmu_update(queue, n, &done, DOMID_SELF) != 0 || done != n)
		wedge_bug("shadow: Xen refused %u of %u queued shadow entry updates", n - done, n);
}

static void queue_update(uint64_t maddr, uint64_t val, int defer)
{
	burn_counter_inc(&burn_counter_shadow_pte_update);
	if (!defer) {
		batch[0].ptr = maddr | MMU_NORMAL_PT_UPDATE;
		batch[0].val = val;
		sl1_flush_queue();
		flush_batch(1);
		return;
	}
	if (queued == SL1_ENTRIES)
		sl1_flush_queue();
	queue[queued].ptr = maddr | MMU_NORMAL_PT_UPDATE;
	queue[queued].val = val;
	queued++;
}

/* The guest wrote the entry at pte_gpa (SetPxE, UpdatePxE): every shadow
 * of that guest table follows. */
void sl1_guest_entry_written(uint32_t pte_gpa, uint64_t g, int defer)
{
	uint32_t table = pte_gpa & ~0xfffu;
	for (struct sl1 *s = buckets[(table >> 12) % HASH_BUCKETS]; s; s = s->hash_next) {
		const struct sl1_key *k = &s->key;
		if (k->kind != SL1_TABLE || k->gpa != table)
			continue;
		unsigned int index = (pte_gpa & 0xfffu) / (k->is64 ? 8u : 4u);
		if (!k->is64 && index / SL1_ENTRIES != k->half)
			continue;
		index %= SL1_ENTRIES;
		uint32_t eager = eager_bits(k, g);
		if (eager) {
			uint32_t low = (uint32_t)g | eager;
			guest_phys_write(pte_gpa, &low, sizeof(low));
			g |= eager;
		}
		uint32_t gpa = k->is64 ? pae_entry_gpa(g) : (uint32_t)g & 0xfffff000u;
		s->synced = 0; /* the table changed under the last sum */
		queue_update(((uint64_t)s->mfn.v << PAGE_SHIFT) + index * 8,
		             shadow_entry(k, g, gpa), defer);
	}
}

/* The guest page at gpa stopped being a page table (ReleasePage) or starts
 * afresh as one (AllocatePage): its shadows must not be found again.  The
 * roots still pointing at one let go at their next directory check. */
void sl1_forget_table(uint32_t table_gpa)
{
	struct sl1 **pp = &buckets[(table_gpa >> 12) % HASH_BUCKETS];
	while (*pp) {
		struct sl1 *s = *pp;
		if (s->key.kind == SL1_TABLE && s->key.gpa == table_gpa) {
			*pp = s->hash_next;
			s->hash_next = NULL;
			s->orphan = 1;
			sl1_flush_queue();
			if (s->refs == 0) {
				frame_free(s->frame);
				s->used = 0;
			}
			continue;
		}
		pp = &s->hash_next;
	}
}

void sl1_resync(struct sl1 *s)
{
	static uint64_t want[SL1_ENTRIES];
	sl1_flush_queue();
	int have_table = read_table(&s->key);
	if (s->synced && s->synced_nx == efer_nx() &&
	    (s->key.kind != SL1_TABLE || (have_table && table_sum(guest_table) == s->synced_sum))) {
		burn_counter_inc(&burn_counter_shadow_l1_resync_skipped);
		return;
	}
	burn_counter_inc(&burn_counter_shadow_l1_resync);
	uint64_t sum;
	entries_from_table(&s->key, have_table, want, &sum);
	const uint64_t *have = window_map(s->mfn, 0);
	unsigned int n = 0;
	for (unsigned int i = 0; i < SL1_ENTRIES; i++) {
		if (have[i] == want[i])
			continue;
		batch[n].ptr = (((uint64_t)s->mfn.v << PAGE_SHIFT) + i * 8) | MMU_NORMAL_PT_UPDATE;
		batch[n].val = want[i];
		n++;
	}
	window_unmap((void *)have);
	burn_counter_inc(&burn_counter_shadow_pte_update);
	flush_batch(n);
	mark_synced(s, sum);
}

void sl1_resync_all(void)
{
	for (unsigned int i = 0; i < SL1_POOL; i++)
		if (pool[i].used && !pool[i].orphan)
			sl1_resync(&pool[i]);
}

int sl1_entry_allows(struct sl1 *s, uint32_t va, uint32_t error_code, int guest_user_mode)
{
	sl1_flush_queue();
	const uint64_t *t = window_map(s->mfn, 0);
	uint64_t e = t[(va >> PAGE_SHIFT) & (SL1_ENTRIES - 1)];
	window_unmap((void *)t);
	if (!(e & PTE_PRESENT))
		return 0;
	if ((error_code & 2) && !(e & PTE_RW))
		return 0;
	return !(guest_user_mode && !(e & PTE_USER));
}

/* Set A (and D) in the guest's entry for a permitted access. */
static void mark_accessed(const struct sl1_key *k, uint32_t entry_gpa, uint64_t gpte, int write)
{
	uint32_t bits = GPTE_A | (write ? GPTE_D : 0);
	if (((uint32_t)gpte & bits) == bits)
		return;
	uint32_t low = (uint32_t)gpte | bits;
	(void)k;
	guest_phys_write(entry_gpa, &low, sizeof(low));
}

int sl1_resync_entry(struct sl1 *s, uint32_t va, uint32_t error_code, int guest_user_mode)
{
	/* The entry (and maybe the guest's A/D bits) may change here: the next
	 * full resync must look rather than trust the last sum. */
	s->synced = 0;
	const struct sl1_key *k = &s->key;
	unsigned int i = (va >> PAGE_SHIFT) & (SL1_ENTRIES - 1);
	uint64_t want;
	if (k->kind == SL1_TABLE) {
		uint32_t entry_gpa = k->gpa + (k->is64 ? i * 8 : (k->half * SL1_ENTRIES + i) * 4);
		uint64_t g = read_entry(entry_gpa, k->is64);
		int write = (error_code & 2) != 0;
		int allowed = (g & GPTE_P) &&
		              !(guest_user_mode && !((g & GPTE_US) && (k->pde_rights & GPTE_US))) &&
		              !(write && !((g & GPTE_RW) && (k->pde_rights & GPTE_RW)) &&
		                (guest_user_mode || (vcpu.cr0 & X86_CR0_WP)));
		if (allowed && error_code != (uint32_t)-1) {
			mark_accessed(k, entry_gpa, g, write && (g & GPTE_RW));
			g |= GPTE_A | ((write && (g & GPTE_RW)) ? GPTE_D : 0);
		}
		uint32_t eager = eager_bits(k, g);
		if (eager) {
			mark_accessed(k, entry_gpa, g, (eager & GPTE_D) != 0);
			g |= eager;
		}
		uint32_t gpa = k->is64 ? pae_entry_gpa(g) : (uint32_t)g & 0xfffff000u;
		if ((g & GPTE_P) && !gpfn_valid(gpa >> PAGE_SHIFT)) {
			uint64_t full = k->is64 ? (g & PTE_PAE_ADDR_MASK) : gpa;
			char where[24];
			if (full >> 32)
				snprintf(where, sizeof(where), "0x%lx%08lx",
				         (unsigned long)(full >> 32), (unsigned long)full);
			else
				snprintf(where, sizeof(where), "0x%08lx", (unsigned long)full);
			guest_fault(
			    "the guest maps 0x%08lx to guest-physical %s, outside its %lu MiB "
			    "of RAM",
			    (unsigned long)va, where, (unsigned long)(guest_phys.ram_bytes >> 20));
		}
		want = shadow_entry(k, g, gpa);
	} else {
		uint32_t gpa = k->gpa + i * PAGE_SIZE;
		if (k->kind == SL1_LARGE && gpa >= guest_phys.ram_bytes)
			guest_fault("the guest maps 0x%08lx with a large page to guest-physical "
			            "0x%08lx, outside its %lu MiB of RAM",
			            (unsigned long)va, (unsigned long)gpa,
			            (unsigned long)(guest_phys.ram_bytes >> 20));
		want = gpa < guest_phys.ram_bytes
		           ? shadow_entry(k, GPTE_P | GPTE_RW | GPTE_US | GPTE_A | GPTE_D, gpa)
		           : 0;
	}
	sl1_flush_queue();
	const uint64_t *have = window_map(s->mfn, 0);
	uint64_t old = have[i];
	window_unmap((void *)have);
	if (old == want)
		return 0;
	batch[0].ptr = (((uint64_t)s->mfn.v << PAGE_SHIFT) + i * 8) | MMU_NORMAL_PT_UPDATE;
	batch[0].val = want;
	flush_batch(1);
	burn_counter_inc(&burn_counter_shadow_pte_update);
	return 1;
}
