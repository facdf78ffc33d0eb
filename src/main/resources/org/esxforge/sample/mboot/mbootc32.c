/*
 * esxforge sample boot chain: mboot.c32, a SYSLINUX 6 COM32 module that does what VMware's
 * mboot.c32 does when pxelinux (or isolinux) runs it as
 *
 *   KERNEL mboot.c32
 *   APPEND -c boot.cfg [more kernel options, e.g. BOOTIF=01-.. from IPAPPEND 2]
 *
 * It reads the ESXi BOOT.CFG through SYSLINUX's file layer (TFTP under pxelinux), parses it like
 * VMware's mboot (the same rules as the GRUB module esxboot.c beside this file: one key=value per
 * line, '#' starts a comment, keys case-insensitive, modules= split on "---", prefix= applied to
 * relative paths, an empty prefix meaning the directory of BOOT.CFG), then multiboot-loads exactly
 * kernel= with the command line "<kernel path> <kernelopt> <extra APPEND words>" and exactly the
 * modules= files, in BOOT.CFG order, each named by its path. Like VMware's loader (and unlike
 * SYSLINUX's own mboot.c32, which gunzips every file) it passes the files' bytes as they are:
 * ESXi's kernel inflates its modules itself.
 *
 * Why a module of its own rather than handing a command line to SYSLINUX's mboot.c32: that module
 * decompresses gzip modules on the way, so the sample's tagged gzip headers (and VMware's
 * behaviour) would be lost.
 *
 * The multiboot work is SYSLINUX's own: syslinux_memory_map(), syslinux_add_memmap(),
 * syslinux_add_movelist() and syslinux_shuffle_boot_pm() place the kernel's PT_LOAD segments,
 * the information structure, the strings and the modules (4 KiB aligned, above the kernel), then
 * move everything and jump to the kernel in 32-bit protected mode with EAX=0x2BADB002.
 *
 * Build (no SYSLINUX headers needed; the few prototypes are declared below: SYSLINUX 6.04's ABI,
 * i386, -mregparm=3; tested with Debian's pxelinux 6.04): gcc -m32 -march=i386 -mregparm=3 -fPIC
 * -ffreestanding ... and ld -m elf_i386 -shared --hash-style=gnu -T mbootc32.ld (MbootC32.java).
 * The result is an ELF shared object with no DT_NEEDED: every symbol it uses (loadfile, zloadfile,
 * the memmap/movelist/shuffle functions, printf, malloc, openconsole) is exported by ldlinux.c32 or
 * the core, which every SYSLINUX 6 loads before any module. Written for esxforge.
 */
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef unsigned int size_t;
typedef u32 addr_t;

/* ---- SYSLINUX 6 (core, ldlinux.c32) exports ---- */
enum syslinux_memmap_types {
  SMT_ERROR = -2, SMT_END = -1, SMT_UNDEFINED = 0, SMT_FREE = 1, SMT_RESERVED, SMT_ALLOC, SMT_ZERO
};
struct syslinux_memmap {
  addr_t start;
  enum syslinux_memmap_types type;
  struct syslinux_memmap *next;
};
struct syslinux_movelist;
struct syslinux_pm_regs { u32 eax, ecx, edx, ebx, esp, ebp, esi, edi, eip; };
struct input_dev;
struct output_dev;
extern const struct input_dev dev_null_r;
extern const struct output_dev dev_stdcon_w;
void openconsole(const struct input_dev *, const struct output_dev *);
int printf(const char *fmt, ...);
void *malloc(size_t n);
int loadfile(const char *name, void **ptr, size_t *len);
int zloadfile(const char *name, void **ptr, size_t *len); /* gunzips a gzip file */
struct syslinux_memmap *syslinux_memory_map(void);
struct syslinux_memmap *syslinux_dup_memmap(struct syslinux_memmap *list);
int syslinux_memmap_find_type(struct syslinux_memmap *list, enum syslinux_memmap_types type,
                              addr_t *start, addr_t *len, addr_t align);
int syslinux_add_memmap(struct syslinux_memmap **list, addr_t start, addr_t len,
                        enum syslinux_memmap_types type);
enum syslinux_memmap_types syslinux_memmap_type(struct syslinux_memmap *list, addr_t start,
                                                addr_t len);
int syslinux_memmap_largest(struct syslinux_memmap *list, enum syslinux_memmap_types type,
                            addr_t *start, addr_t *len);
int syslinux_add_movelist(struct syslinux_movelist **list, addr_t dst, addr_t src, addr_t len);
int syslinux_shuffle_boot_pm(struct syslinux_movelist *fraglist, struct syslinux_memmap *memmap,
                             u16 bootflags, struct syslinux_pm_regs *regs);

/* ldlinux's module loader walks __ctors_start..__ctors_end (and dtors) unconditionally. */
__asm__(".section .ctors,\"aw\"\n.globl __ctors_start\n.globl __ctors_end\n"
        "__ctors_start:\n__ctors_end:\n"
        ".section .dtors,\"aw\"\n.globl __dtors_start\n.globl __dtors_end\n"
        "__dtors_start:\n__dtors_end:\n.previous\n");

/* ---- multiboot v1 ---- */
struct mb_info {
  u32 flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
  u32 syms[4], mmap_length, mmap_addr;
};
struct mb_mod { u32 start, end, string, pad; };
#define MB_MAGIC 0x1BADB002u
#define MB_VALID 0x2BADB002u

/* ---- small string helpers (no libc beyond the exports above) ---- */
#include "bootcfg.h"

static int seq(const char *a, const char *b) {
  while (*a && *a == *b) { a++; b++; }
  return *a == *b;
}
static void mzero(void *d, size_t n) { u8 *p = d; while (n--) *p++ = 0; }
static void puts0(struct buf *b, const char *s) { put(b, s, slen(s)); }

#define MAX_MODULES 256

/* ---- placement, as SYSLINUX's mboot (map.c) does it ---- */
static struct syslinux_movelist *ml;
static struct syslinux_memmap *mmap, *amap;
static addr_t high = 0x100000;

static addr_t place(const void *data, size_t len, size_t align, int above) {
  addr_t start = above ? high : 0x2000;
  addr_t pad = -len & (align - 1);
  addr_t xlen = len + pad;
  if (syslinux_memmap_find_type(amap, SMT_FREE, &start, &xlen, align)
      || syslinux_add_memmap(&amap, start, len + pad, SMT_ALLOC)
      || syslinux_add_movelist(&ml, start, (addr_t)data, len)
      || (pad && syslinux_add_memmap(&mmap, start + len, pad, SMT_ZERO))) {
    printf("mboot.c32: FAIL cannot place %u bytes\n", (unsigned)(len + pad));
    return 0;
  }
  if (start + len + pad > high) high = start + len + pad;
  return start;
}

/* Places the kernel's PT_LOAD segments at their physical addresses; returns the entry, or 0. */
static addr_t place_elf(const u8 *img, size_t len) {
  int mbh = 0;
  for (size_t off = 0; off + 12 <= len && off < 8192; off += 4) {
    const u32 *h = (const u32 *)(img + off);
    if (h[0] == MB_MAGIC && h[0] + h[1] + h[2] == 0) { mbh = 1; break; }
  }
  if (!mbh) { printf("mboot.c32: FAIL kernel has no multiboot header\n"); return 0; }
  if (len < 52 || img[0] != 0x7f || img[1] != 'E' || img[2] != 'L' || img[3] != 'F'
      || img[4] != 1) {
    printf("mboot.c32: FAIL kernel is not an ELF32 file\n");
    return 0;
  }
  u32 entry = *(const u32 *)(img + 24), phoff = *(const u32 *)(img + 28);
  u16 phentsize = *(const u16 *)(img + 42), phnum = *(const u16 *)(img + 44);
  if (!phnum || phoff + (u32)phentsize * phnum > len) {
    printf("mboot.c32: FAIL kernel program headers out of range\n");
    return 0;
  }
  u32 eip = entry;
  for (u32 i = 0; i < phnum; i++) {
    const u32 *ph = (const u32 *)(img + phoff + i * phentsize);
    u32 type = ph[0], off = ph[1], vaddr = ph[2], paddr = ph[3], filesz = ph[4], memsz = ph[5];
    if (type != 1) continue; /* PT_LOAD */
    u32 dsize = filesz < memsz ? filesz : memsz;
    if (off + dsize > len) { printf("mboot.c32: FAIL kernel segment out of range\n"); return 0; }
    if (entry >= vaddr && entry < vaddr + memsz) eip = entry + (paddr - vaddr);
    if (syslinux_memmap_type(amap, paddr, memsz) != SMT_FREE
        || syslinux_add_memmap(&amap, paddr, memsz, SMT_ALLOC)
        || (dsize && syslinux_add_movelist(&ml, paddr, (addr_t)(img + off), dsize))
        || (memsz > dsize && syslinux_add_memmap(&mmap, paddr + dsize, memsz - dsize, SMT_ZERO))) {
      printf("mboot.c32: FAIL kernel segment at 0x%08x (0x%x bytes) cannot be placed\n", paddr,
             memsz);
      return 0;
    }
    if (paddr + memsz > high) high = paddr + memsz;
  }
  return eip;
}

/* Free memory from 1 MiB up, contiguous, in KiB (multiboot mem_upper). The map is sorted and
   adjacent zones never have the same type, so it is the end of the free zone holding 1 MiB. */
static u32 mem_upper_kib(void) {
  for (struct syslinux_memmap *m = mmap; m && m->type != SMT_END; m = m->next) {
    if (m->start <= 0x100000 && m->next && m->next->start > 0x100000) {
      return m->type == SMT_FREE ? (m->next->start - 0x100000) >> 10 : 0;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  openconsole(&dev_null_r, &dev_stdcon_w);
  const char *cfgname = 0;
  for (int i = 1; i < argc; i++) {
    if (seq(argv[i], "-c") && i + 1 < argc) cfgname = argv[++i];
  }
  if (!cfgname) {
    printf("mboot.c32: FAIL usage: mboot.c32 -c boot.cfg [kernel options]\n");
    return 1;
  }
  printf("mboot.c32: esxforge sample mboot.c32 (COM32), reading %s\n", cfgname);

  void *cfgp; size_t len;
  if (loadfile(cfgname, &cfgp, &len)) {
    printf("mboot.c32: FAIL cannot read %s\n", cfgname);
    return 1;
  }
  const char *cfg = cfgp;

  struct str dir = {cfgname, slen(cfgname)};
  while (dir.n && dir.p[dir.n - 1] != '/') dir.n--;
  struct bootcfg bc = bootcfg_parse(cfg, len);
  struct str kernel = bc.kernel, kernelopt = bc.kernelopt, modules = bc.modules, prefix = bc.prefix;
  if (!first_word(kernel).n) { printf("mboot.c32: FAIL %s: no kernel=\n", cfgname); return 1; }

  size_t cap = len + 4096;
  for (int i = 1; i < argc; i++) cap += slen(argv[i]) + 1;
  struct buf kb = {malloc(cap), 0, cap, 0}, cb = {malloc(cap), 0, cap, 0};
  if (!kb.p || !cb.p) { printf("mboot.c32: FAIL out of memory\n"); return 1; }
  kb.p[0] = cb.p[0] = 0;
  put_path(&kb, prefix, dir, first_word(kernel));
  /* command line: the kernel's path, kernelopt (white space collapsed), the other APPEND words */
  puts0(&cb, kb.p);
  if (kernelopt.n) put(&cb, " ", 1);
  for (size_t i = 0; i < kernelopt.n; i++) {
    if (space(kernelopt.p[i])) {
      if (cb.p[cb.n - 1] != ' ') put(&cb, " ", 1);
    } else {
      put(&cb, kernelopt.p + i, 1);
    }
  }
  for (int i = 1; i < argc; i++) {
    if (seq(argv[i], "-c")) { i++; continue; }
    put(&cb, " ", 1);
    puts0(&cb, argv[i]);
  }

  /* modules= items, first word each, with the prefix rule */
  char *names[MAX_MODULES];
  unsigned count = 0;
  size_t i = 0;
  while (i < modules.n) {
    size_t j = i;
    while (j < modules.n && !(j + 3 <= modules.n && modules.p[j] == '-' && modules.p[j + 1] == '-'
                              && modules.p[j + 2] == '-')) j++;
    struct str item = first_word((struct str){modules.p + i, j - i});
    if (item.n) {
      if (count == MAX_MODULES) {
        printf("mboot.c32: FAIL more than %d modules\n", MAX_MODULES);
        return 1;
      }
      size_t mcap = item.n + prefix.n + dir.n + 4;
      struct buf nb = {malloc(mcap), 0, mcap, 0};
      if (!nb.p) { printf("mboot.c32: FAIL out of memory\n"); return 1; }
      nb.p[0] = 0;
      put_path(&nb, prefix, dir, item);
      names[count++] = nb.p;
    }
    i = j + 3;
  }
  if (kb.full || cb.full) {
    printf("mboot.c32: FAIL %s: a value is too long\n", cfgname);
    return 1;
  }
  printf("mboot.c32: %s: kernel %s, %u modules, command line \"%s\"\n", cfgname, kb.p, count, cb.p);

  /* load: the kernel (inflated when it is gzip, like b.b00), then each module in BOOT.CFG order,
   bytes as they are */
  void *kimg; size_t klen;
  if (zloadfile(kb.p, &kimg, &klen)) {
    printf("mboot.c32: FAIL cannot read kernel %s\n", kb.p);
    return 1;
  }
  void *mdata[MAX_MODULES];
  size_t mlen[MAX_MODULES];
  for (unsigned m = 0; m < count; m++) {
    if (loadfile(names[m], &mdata[m], &mlen[m])) {
      printf("mboot.c32: FAIL cannot read module %s\n", names[m]);
      return 1;
    }
  }
  printf("mboot.c32: loaded the kernel and %u modules\n", count);

  mmap = syslinux_memory_map();
  amap = mmap ? syslinux_dup_memmap(mmap) : 0;
  if (!amap) { printf("mboot.c32: FAIL no memory map\n"); return 1; }
  static struct syslinux_pm_regs regs;
  static struct mb_info info;
  mzero(&regs, sizeof regs);
  mzero(&info, sizeof info);
  info.mem_lower = 640;
  info.mem_upper = mem_upper_kib(); /* before anything is placed: the map is still the BIOS's */
  regs.eip = place_elf(kimg, klen);
  if (!regs.eip) return 1;
  info.flags = 1 | 4 | 8; /* memory, cmdline, modules */
  regs.ebx = place(&info, sizeof info, 4, 0);
  info.cmdline = place(cb.p, slen(cb.p) + 1, 1, 0);
  struct mb_mod *list = malloc(sizeof(struct mb_mod) * (count ? count : 1));
  if (!list) { printf("mboot.c32: FAIL out of memory\n"); return 1; }
  mzero(list, sizeof(struct mb_mod) * (count ? count : 1));
  info.mods_count = count;
  info.mods_addr = place(list, sizeof(struct mb_mod) * (count ? count : 1), 16, 0);
  if (!regs.ebx || !info.cmdline || !info.mods_addr) return 1;
  for (unsigned m = 0; m < count; m++) {
    list[m].string = place(names[m], slen(names[m]) + 1, 1, 0);
    list[m].start = place(mdata[m], mlen[m], 4096, 1);
    list[m].end = list[m].start + mlen[m];
    if (!list[m].string || !list[m].start) return 1;
  }
  /* a stack at the top of the largest free zone, as SYSLINUX's mboot does */
  addr_t s, l;
  if (!syslinux_memmap_largest(amap, SMT_FREE, &s, &l) && l >= 64) {
    regs.esp = (s + l - 32) & ~15u;
    syslinux_add_memmap(&mmap, regs.esp, 32, SMT_ZERO);
  }
  regs.eax = MB_VALID;
  printf("mboot.c32: booting %s at 0x%08x, mem_upper %u KiB\n", kb.p, regs.eip, info.mem_upper);
  syslinux_shuffle_boot_pm(ml, mmap, 0, &regs);
  printf("mboot.c32: FAIL boot failed\n");
  return 1;
}
