/*
 * esxforge multiboot (v1) test kernel. Prints to COM1 what it received (magic, command line, and
 * size/CRC-32/name of every module), then checks the boot.cfg it was given as a module the way
 * VMware's mboot reads it: every modules= entry must have arrived (gzip modules are inflated and
 * their trailer CRC-32 and ISIZE checked) and kernel= must name this kernel (the first word of the
 * command line). Ends QEMU through isa-debug-exit: 0x10 (exit 33) on BOOT-OK, 0x11 (exit 35) on
 * BOOT-FAIL.
 */
#include "kernel.h"

void *memset(void *d, int c, u32 n) { u8 *p = d; while (n--) *p++ = (u8)c; return d; }
void *memcpy(void *d, const void *s, u32 n) { u8 *p = d; const u8 *q = s; while (n--) *p++ = *q++; return d; }
int memcmp(const void *a, const void *b, u32 n) {
    const u8 *p = a, *q = b;
    for (; n--; p++, q++) if (*p != *q) return *p - *q;
    return 0;
}

static inline void outb(u16 p, u8 v) { __asm__ volatile("outb %0,%1" : : "a"(v), "Nd"(p)); }
static inline u8 inb(u16 p) { u8 v; __asm__ volatile("inb %1,%0" : "=a"(v) : "Nd"(p)); return v; }
static void putc(char c) { for (int i = 0; i < 100000 && !(inb(0x3fd) & 0x20); i++) ; outb(0x3f8, (u8)c); }
static void puts(const char *s) { while (*s) { if (*s == '\n') putc('\r'); putc(*s++); } }
static void putn(const char *s, u32 n) { while (n--) putc(*s++); }
static void putu(u32 v) { char b[11]; int i = 10; b[i] = 0; do { b[--i] = (char)('0' + v % 10); v /= 10; } while (v); puts(b + i); }
static void putx(u32 v) { char b[9]; for (int i = 7; i >= 0; i--) { b[i] = "0123456789abcdef"[v & 15]; v >>= 4; } b[8] = 0; puts(b); }

static u32 crc_table[256];
u32 crc32_update(u32 crc, const u8 *p, u32 n) {
    u32 c = ~crc;
    while (n--) c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}
static void crc_init(void) {
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
        crc_table[i] = c;
    }
}

struct mbi { u32 flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr; };
struct mod { u32 start, end, string, reserved; };

static const struct mod *mods;
static u32 nmods;
static int failed;

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }
static int space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* A string slice. */
struct str { const char *p; u32 n; };

static struct str first_word(const char *s) {
    struct str w = {s, 0};
    if (!s) return w;
    while (space(*w.p)) w.p++;
    while (w.p[w.n] && !space(w.p[w.n])) w.n++;
    return w;
}

/* Normalise a path for comparison: drop a leading "(device)" and leading slashes. */
static struct str norm(struct str s) {
    if (s.n && s.p[0] == '(') {
        u32 i = 0;
        while (i < s.n && s.p[i] != ')') i++;
        if (i < s.n) { s.p += i + 1; s.n -= i + 1; }
    }
    while (s.n && s.p[0] == '/') { s.p++; s.n--; }
    return s;
}

static int same_path(struct str a, struct str b) {
    a = norm(a); b = norm(b);
    if (a.n != b.n) return 0;
    for (u32 i = 0; i < a.n; i++) if (lower(a.p[i]) != lower(b.p[i])) return 0;
    return 1;
}

static int ends_with_bootcfg(struct str w) {
    static const char tail[] = "boot.cfg";
    if (w.n < 8) return 0;
    for (u32 i = 0; i < 8; i++) if (lower(w.p[w.n - 8 + i]) != tail[i]) return 0;
    return w.n == 8 || w.p[w.n - 9] == '/' || w.p[w.n - 9] == ')';
}

static void fail(const char *what, struct str name) {
    puts("TESTKERNEL: FAIL "); puts(what); puts(" /"); name = norm(name); putn(name.p, name.n); puts("\n");
    failed = 1;
}

/* Checks one modules= entry (path with the prefix applied). */
static void check_module(struct str path) {
    for (u32 i = 0; i < nmods; i++) {
        struct str name = first_word((const char *)mods[i].string);
        if (!same_path(name, path)) continue;
        const u8 *p = (const u8 *)mods[i].start;
        u32 n = mods[i].end - mods[i].start;
        if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
            u32 isize = 0; const char *why = 0;
            if (gzip_check(p, n, &isize, &why)) { fail(why, path); return; }
            puts("TESTKERNEL: check /"); path = norm(path); putn(path.p, path.n);
            puts(" ok size="); putu(n); puts(" gzip-isize="); putu(isize); puts("\n");
        } else {
            puts("TESTKERNEL: check /"); path = norm(path); putn(path.p, path.n);
            puts(" ok size="); putu(n); puts("\n");
        }
        return;
    }
    fail("missing", path);
}

static char pathbuf[512];

/* Applies prefix= to a relative path (VMware mboot: prefix + "/" + path). */
static struct str with_prefix(struct str prefix, struct str path) {
    if (!prefix.n || (path.n && path.p[0] == '/')) return path;
    u32 k = 0;
    for (u32 i = 0; i < prefix.n && k < sizeof pathbuf - 2; i++) pathbuf[k++] = prefix.p[i];
    if (k && pathbuf[k - 1] != '/') pathbuf[k++] = '/';
    for (u32 i = 0; i < path.n && k < sizeof pathbuf - 1; i++) pathbuf[k++] = path.p[i];
    struct str s = {pathbuf, k};
    return s;
}

static struct str trim(struct str s) {
    while (s.n && space(s.p[0])) { s.p++; s.n--; }
    while (s.n && space(s.p[s.n - 1])) s.n--;
    return s;
}

static int key_is(struct str k, const char *name) {
    u32 i = 0;
    for (; name[i]; i++) if (i >= k.n || lower(k.p[i]) != name[i]) return 0;
    return i == k.n;
}

/* Parses boot.cfg and runs the checks; returns the number of modules= entries. */
static u32 check_bootcfg(const char *cfg, u32 len, struct str cmd0) {
    struct str kernel = {0, 0}, modules = {0, 0}, prefix = {0, 0};
    u32 pos = 0;
    while (pos < len) {
        u32 end = pos;
        while (end < len && cfg[end] != '\n') end++;
        struct str line = {cfg + pos, end - pos};
        for (u32 i = 0; i < line.n; i++) if (line.p[i] == '#') { line.n = i; break; }
        u32 eq = 0;
        while (eq < line.n && line.p[eq] != '=') eq++;
        if (eq < line.n) {
            struct str k = trim((struct str){line.p, eq});
            struct str v = trim((struct str){line.p + eq + 1, line.n - eq - 1});
            if (key_is(k, "kernel")) kernel = v;
            else if (key_is(k, "modules")) modules = v;
            else if (key_is(k, "prefix")) prefix = v;
        }
        pos = end + 1;
    }
    if (!kernel.n) { puts("TESTKERNEL: FAIL boot.cfg has no kernel=\n"); failed = 1; }
    else {
        struct str kp = with_prefix(prefix, first_word(kernel.p).n < kernel.n ? (struct str){kernel.p, first_word(kernel.p).n} : kernel);
        if (!same_path(kp, cmd0)) fail("kernel is not this kernel:", kp);
        else { puts("TESTKERNEL: check kernel /"); kp = norm(kp); putn(kp.p, kp.n); puts(" ok\n"); }
    }
    u32 count = 0;
    u32 i = 0;
    while (i < modules.n) {
        u32 j = i;
        while (j < modules.n && !(j + 3 <= modules.n && modules.p[j] == '-' && modules.p[j + 1] == '-' && modules.p[j + 2] == '-')) j++;
        struct str item = trim((struct str){modules.p + i, j - i});
        if (item.n) {
            u32 w = 0;
            while (w < item.n && !space(item.p[w])) w++;
            check_module(with_prefix(prefix, (struct str){item.p, w}));
            count++;
        }
        i = j + 3;
    }
    return count;
}

void kmain(u32 magic, struct mbi *m) {
    const char *reason = 0;
    crc_init();
    puts("\nTESTKERNEL: entered, magic=0x"); putx(magic); puts("\n");
    if (magic != 0x2BADB002u) { reason = "bad multiboot magic"; goto out; }
    const char *cmdline = ((m->flags & 4) && m->cmdline) ? (const char *)m->cmdline : "";
    puts("TESTKERNEL: cmdline="); puts(cmdline); puts("\n");
    nmods = (m->flags & 8) ? m->mods_count : 0;
    mods = (const struct mod *)m->mods_addr;
    int cfg = -1;
    for (u32 i = 0; i < nmods; i++) {
        u32 n = mods[i].end - mods[i].start;
        const char *name = mods[i].string ? (const char *)mods[i].string : "?";
        puts("TESTKERNEL: module "); putu(i); puts(" size="); putu(n);
        puts(" crc32="); putx(crc32_update(0, (const u8 *)mods[i].start, n));
        puts(" name="); puts(name); puts("\n");
        if (ends_with_bootcfg(first_word(name))) {
            if (cfg < 0) cfg = (int)i;
            else {
                u32 n0 = mods[cfg].end - mods[cfg].start;
                if (n0 != n || memcmp((const void *)mods[cfg].start, (const void *)mods[i].start, n)) {
                    reason = "boot.cfg modules differ"; 
                }
            }
        }
    }
    puts("TESTKERNEL: modules="); putu(nmods); puts("\n");
    if (reason) goto out;
    if (cfg < 0) { reason = "no boot.cfg module"; goto out; }
    u32 entries = check_bootcfg((const char *)mods[cfg].start, mods[cfg].end - mods[cfg].start, first_word(cmdline));
    puts("TESTKERNEL: bootcfg entries="); putu(entries); puts("\n");
    if (failed) reason = "checks failed";
out:
    if (!reason) {
        puts("TESTKERNEL: BOOT-OK\n");
        outb(0xf4, 0x10);            /* isa-debug-exit: QEMU exits with (0x10<<1)|1 = 33 */
    } else {
        puts("TESTKERNEL: BOOT-FAIL "); puts(reason); puts("\n");
        outb(0xf4, 0x11);            /* exit 35 */
    }
    for (;;) __asm__ volatile("cli; hlt");
}
