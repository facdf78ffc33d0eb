/*
 * esxforge multiboot (v1) test kernel. Prints to COM1 what it received (magic, command line, and
 * size/CRC-32/name of every module), then judges the boot. Two modes:
 *
 * Faithful (no module named boot.cfg: the loader followed BOOT.CFG, as VMware's mboot and the
 * sample's stand-ins do). The kernel never sees BOOT.CFG; it checks what arrived against what the
 * image itself says:
 *  - each module by itself: gzip modules are inflated and their trailer checked; a sample module
 *    carries a tag in its gzip comment ("esxforge-module v1 name= vib= payload= grp= bo= idx= size=
 *    crc32=", see the sample's ModuleTag) and must arrive under its 8.3 name with that size and
 *    CRC-32 of its content;
 *  - order: every pair of tagged modules in VMware's module order (docs/formats.md 8.1) by their
 *    tags; untagged modules (real third-party payloads) are not ordered by this check;
 *  - completeness: IMGDB.TGZ (a module; inflated, its tar read) describes every VIB of the image;
 *    the number of module payloads (types boot vgz tgz installer vzstd) of its vibs/<name>.xml
 *    descriptors must equal the modules that arrived plus this kernel, every arrived module name
 *    must be a payload name of its profile (or one of the generated archives), no name twice, and
 *    imgdb.tgz and imgpayld.tgz must be there;
 *  - the command line (the kernel's path, then kernelopt): runweasel (the installer) must be in it,
 *    and exactly one of cdromBoot (a CD boot) and BOOTIF= (a network boot, added by the loader).
 * Legacy (a loader that passes every file, including boot.cfg): boot.cfg is parsed like mboot and
 * every modules= entry must have arrived (gzip modules intact), kernel= must be this kernel.
 *
 * Ends QEMU through isa-debug-exit: 0x10 (exit 33) on BOOT-OK, 0x11 (exit 35) on BOOT-FAIL.
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

/* ---- faithful mode ---------------------------------------------------------------------- */

extern char _end[];

static struct str cstr(const char *s) { struct str r = {s, 0}; while (s && s[r.n]) r.n++; return r; }

/* The last path element of a module name (after '/' or ')'), first word only. */
static struct str base_name(const char *name) {
    struct str w = first_word(name);
    u32 i = w.n;
    while (i && w.p[i - 1] != '/' && w.p[i - 1] != ')') i--;
    w.p += i; w.n -= i;
    return w;
}

static int same_ci(struct str a, struct str b) {
    if (a.n != b.n) return 0;
    for (u32 i = 0; i < a.n; i++) if (lower(a.p[i]) != lower(b.p[i])) return 0;
    return 1;
}

static int eq_ci(struct str a, const char *b) { return same_ci(a, cstr(b)); }

static const char *const SPECIAL[] = {"imgdb.tgz", "basemisc.tgz", "resvibs.tgz", "esxiodpt.tgz", "imgpayld.tgz", 0};

static int special(struct str b) {
    for (int i = 0; SPECIAL[i]; i++) if (eq_ci(b, SPECIAL[i])) return 1;
    return 0;
}

static void fail2(const char *what, struct str a, const char *mid, struct str b) {
    puts("TESTKERNEL: FAIL "); puts(what); puts(" /"); putn(a.p, a.n);
    if (mid) { puts(mid); putn(b.p, b.n); }
    puts("\n");
    failed = 1;
}

/* A field "key=value" of a tag (value up to the next space). */
static struct str field(const char *tag, const char *key) {
    struct str none = {0, 0};
    u32 k = cstr(key).n;
    for (const char *p = tag; *p; p++) {
        if ((p == tag || p[-1] == ' ') && !memcmp(p, key, k) && p[k] == '=') {
            struct str v = {p + k + 1, 0};
            while (v.p[v.n] && v.p[v.n] != ' ') v.n++;
            return v;
        }
    }
    return none;
}

static int num(struct str s, u32 *out) {   /* decimal, or -1 as 0xffffffff */
    u32 v = 0; u32 i = 0; int neg = 0;
    if (s.n && s.p[0] == '-') { neg = 1; i = 1; }
    if (i >= s.n) return 0;
    for (; i < s.n; i++) { if (s.p[i] < '0' || s.p[i] > '9') return 0; v = v * 10 + (u32)(s.p[i] - '0'); }
    *out = neg ? (u32)0 - v : v;
    return 1;
}

static int hex(struct str s, u32 *out) {
    u32 v = 0;
    if (!s.n || s.n > 8) return 0;
    for (u32 i = 0; i < s.n; i++) {
        char c = lower(s.p[i]);
        u32 d = (c >= '0' && c <= '9') ? (u32)(c - '0') : (c >= 'a' && c <= 'f') ? (u32)(c - 'a' + 10) : 99;
        if (d > 15) return 0;
        v = v << 4 | d;
    }
    *out = v;
    return 1;
}

/* name= pattern: exact, or a trailing "??" matching two hex digits. */
static int name_matches(struct str pattern, struct str name) {
    if (pattern.n != name.n) return 0;
    for (u32 i = 0; i < name.n; i++) {
        if (pattern.p[i] == '?') {
            char c = lower(name.p[i]);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return 0;
        } else if (lower(pattern.p[i]) != lower(name.p[i])) return 0;
    }
    return 1;
}

struct tag { struct str name, vib, payload; u32 grp, bo, idx, size, crc; };

static int parse_tag(const char *c, struct tag *t) {
    if (memcmp(c, "esxforge-module v1 ", 19)) return 0;
    t->name = field(c, "name"); t->vib = field(c, "vib"); t->payload = field(c, "payload");
    return t->name.n && t->vib.n && t->payload.n
        && num(field(c, "grp"), &t->grp) && num(field(c, "bo"), &t->bo) && num(field(c, "idx"), &t->idx)
        && num(field(c, "size"), &t->size) && hex(field(c, "crc32"), &t->crc);
}

static int cmp_str(struct str a, struct str b) {   /* byte-wise, like VMware's VIB id sort */
    u32 n = a.n < b.n ? a.n : b.n;
    for (u32 i = 0; i < n; i++) if (a.p[i] != b.p[i]) return (u8)a.p[i] < (u8)b.p[i] ? -1 : 1;
    return a.n == b.n ? 0 : a.n < b.n ? -1 : 1;
}

static int cmp_vib_idx(const struct tag *a, const struct tag *b) {
    int c = cmp_str(a->vib, b->vib);
    if (c) return c;
    return a->idx == b->idx ? 0 : a->idx < b->idx ? -1 : 1;
}

/* < 0 when a must come before b in VMware's module order (docs/formats.md 8.1). */
static int order(const struct tag *a, const struct tag *b) {
    if (a->grp != b->grp) return a->grp < b->grp ? -1 : 1;
    if (a->grp == 0 && a->bo != b->bo) return (int)a->bo < (int)b->bo ? -1 : 1;
    if (a->grp >= 2) {
        int fa = a->bo == 100, fb = b->bo == 100;
        if (fa != fb) return fa ? -1 : 1;
        if (fa) return -cmp_vib_idx(a, b);
    }
    return cmp_vib_idx(a, b);
}

/* Case-insensitive search of ">name<" in text (a local name as a payload element's text). */
static int has_element_text(const char *text, u32 n, struct str name) {
    for (u32 i = 0; i + name.n + 2 <= n; i++) {
        if (text[i] != '>' || text[i + name.n + 1] != '<') continue;
        u32 k = 0;
        while (k < name.n && lower(text[i + 1 + k]) == lower(name.p[k])) k++;
        if (k == name.n) return 1;
    }
    return 0;
}

/* Module payloads of one descriptor: <payload ... type="T"> with T a module type. */
static u32 module_payloads(const char *x, u32 n) {
    u32 count = 0;
    for (u32 i = 0; i + 9 < n; i++) {
        if (memcmp(x + i, "<payload ", 9)) continue;
        u32 j = i + 9;
        while (j < n && x[j] != '>') {
            if (j + 6 < n && !memcmp(x + j, " type=\"", 7)) {
                struct str t = {x + j + 7, 0};
                while (j + 7 + t.n < n && t.p[t.n] != '"') t.n++;
                static const char *const TYPES[] = {"boot", "vgz", "tgz", "installer", "vzstd", 0};
                for (int k = 0; TYPES[k]; k++) if (same_ci(t, cstr(TYPES[k])) && !memcmp(t.p, TYPES[k], t.n)) count++;
                break;
            }
            j++;
        }
    }
    return count;
}

static u32 octal(const u8 *p, u32 n) {
    u32 v = 0;
    for (u32 i = 0; i < n && p[i]; i++) if (p[i] >= '0' && p[i] <= '7') v = v * 8 + (u32)(p[i] - '0');
    return v;
}

static int starts(struct str s, const char *p) { u32 k = cstr(p).n; return s.n >= k && !memcmp(s.p, p, k); }
static int ends(struct str s, const char *p) { u32 k = cstr(p).n; return s.n >= k && !memcmp(s.p + s.n - k, p, k); }

static char namebuf[512];

/*
 * Reads IMGDB's tar: sums the module payloads of var/db/esximg/vibs/<x>.xml and finds the profile
 * (var/db/esximg/profiles/<x>). Returns 0, or a reason.
 */
static const char *read_imgdb(const u8 *tar, u32 n, u32 *payloads, const char **profile, u32 *profile_len) {
    u32 pos = 0; u32 vibs = 0;
    int pax_name = 0;
    *payloads = 0; *profile = 0; *profile_len = 0;
    while (pos + 512 <= n) {
        const u8 *h = tar + pos;
        if (!h[0]) break;
        u32 size = octal(h + 124, 12);
        char type = (char)h[156];
        if (pos + 512 + size > n) return "IMGDB.TGZ: tar member runs past the end";
        const char *data = (const char *)tar + pos + 512;
        struct str name;
        if (pax_name) {
            name = cstr(namebuf);
            pax_name = 0;
        } else {
            u32 k = 0;
            if (h[345]) {
                for (u32 i = 0; i < 155 && h[345 + i]; i++) namebuf[k++] = (char)h[345 + i];
                namebuf[k++] = '/';
            }
            for (u32 i = 0; i < 100 && h[i]; i++) namebuf[k++] = (char)h[i];
            namebuf[k] = 0;
            name = cstr(namebuf);
        }
        if (type == 'x' || type == 'L') {
            /* PAX "path=" record or GNU long name: the name of the next member */
            if (type == 'L') {
                u32 k = 0;
                while (k < size && k < sizeof namebuf - 1 && data[k]) { namebuf[k] = data[k]; k++; }
                namebuf[k] = 0; pax_name = 1;
            } else {
                for (u32 i = 0; i + 5 < size; i++) {
                    if (!memcmp(data + i, " path=", 6)) {
                        u32 k = 0, j = i + 6;
                        while (j < size && data[j] != '\n' && k < sizeof namebuf - 1) namebuf[k++] = data[j++];
                        namebuf[k] = 0; pax_name = 1;
                        break;
                    }
                }
            }
        } else if (type == '0' || type == 0) {
            if (starts(name, "var/db/esximg/vibs/") && ends(name, ".xml")) {
                *payloads += module_payloads(data, size);
                vibs++;
            } else if (starts(name, "var/db/esximg/profiles/")) {
                *profile = data; *profile_len = size;
            }
        }
        pos += 512 + ((size + 511) & ~511u);
    }
    if (!vibs) return "IMGDB.TGZ has no var/db/esximg/vibs/*.xml";
    if (!*profile) return "IMGDB.TGZ has no var/db/esximg/profiles/ file";
    puts("TESTKERNEL: imgdb vibs="); putu(vibs); puts(" module-payloads="); putu(*payloads); puts("\n");
    return 0;
}

static int has_token(const char *cmdline, const char *tok, int prefix) {
    struct str t = cstr(tok);
    const char *p = cmdline;
    while (*p) {
        while (space(*p)) p++;
        struct str w = first_word(p);
        if (w.n && (prefix ? starts(w, tok) : (w.n == t.n && !memcmp(w.p, tok, t.n)))) return 1;
        p = w.p + w.n;
        if (!w.n) break;
    }
    return 0;
}

static void check_cmdline(const char *cmdline) {
    struct str k = first_word(cmdline);
    puts("TESTKERNEL: kernel /"); k = norm(k); putn(k.p, k.n); puts("\n");
    if (!has_token(cmdline, "runweasel", 0)) {
        puts("TESTKERNEL: FAIL kernelopt: runweasel missing (the installer would not start)\n"); failed = 1;
    }
    int cd = has_token(cmdline, "cdromBoot", 0), net = has_token(cmdline, "BOOTIF=", 1);
    if (cd && net) { puts("TESTKERNEL: FAIL kernelopt: cdromBoot on a network boot (BOOTIF= given)\n"); failed = 1; }
    else if (!cd && !net) { puts("TESTKERNEL: FAIL kernelopt: cdromBoot missing on a CD boot\n"); failed = 1; }
    else { puts("TESTKERNEL: check kernelopt ok "); puts(cd ? "cdrom" : "network"); puts("\n"); }
}

static void faithful(const char *cmdline, u32 mem_top) {
    check_cmdline(cmdline);
    struct tag prev; int have_prev = 0; struct str prev_name = {0, 0};
    u32 tagged = 0, untagged = 0, payload_mods = 0;
    int imgdb = -1, imgpayld = 0;
    u32 free_at = (u32)_end;
    for (u32 i = 0; i < nmods; i++) if (mods[i].end > free_at) free_at = mods[i].end;
    free_at = (free_at + 4095) & ~4095u;
    for (u32 i = 0; i < nmods; i++) {
        struct str b = base_name((const char *)mods[i].string);
        for (u32 j = 0; j < i; j++) {
            if (same_ci(base_name((const char *)mods[j].string), b)) { fail2("duplicate", b, " passed twice", cstr("")); break; }
        }
        if (special(b)) {
            if (eq_ci(b, "imgdb.tgz")) imgdb = (int)i;
            if (eq_ci(b, "imgpayld.tgz")) imgpayld = 1;
        } else {
            payload_mods++;
        }
        const u8 *p = (const u8 *)mods[i].start;
        u32 n = mods[i].end - mods[i].start;
        const char *c = gzip_comment(p, n);
        struct tag t;
        if (c && parse_tag(c, &t)) {
            u32 isize = 0; const char *why = 0;
            tagged++;
            if (gzip_check(p, n, &isize, &why)) { fail2(why, b, 0, b); continue; }
            if (isize != t.size || gzip_last_crc != t.crc) { fail2("content", b, " differs from its tag: payload ", t.payload); continue; }
            if (!name_matches(t.name, b)) { fail2("name", b, " carries payload ", t.payload); continue; }
            if (have_prev && order(&prev, &t) >= 0) {
                fail2("order", b, " must come before /", prev_name);
            }
            prev = t; have_prev = 1; prev_name = b;
            puts("TESTKERNEL: check /"); putn(b.p, b.n); puts(" ok tagged payload="); putn(t.payload.p, t.payload.n);
            puts(" size="); putu(n); puts("\n");
        } else if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b) {
            u32 isize = 0; const char *why = 0;
            untagged++;
            if (gzip_check(p, n, &isize, &why)) { fail2(why, b, 0, b); continue; }
            puts("TESTKERNEL: check /"); putn(b.p, b.n); puts(" ok size="); putu(n); puts(" gzip-isize="); putu(isize); puts("\n");
        } else {
            untagged++;
            puts("TESTKERNEL: check /"); putn(b.p, b.n); puts(" ok size="); putu(n); puts("\n");
        }
    }
    puts("TESTKERNEL: tagged="); putu(tagged); puts(" untagged="); putu(untagged); puts("\n");
    if (imgdb < 0) { puts("TESTKERNEL: FAIL missing /imgdb.tgz (no IMGDB.TGZ module)\n"); failed = 1; return; }
    if (!imgpayld) { puts("TESTKERNEL: FAIL missing /imgpayld.tgz\n"); failed = 1; }
    const u8 *gz = (const u8 *)mods[imgdb].start;
    u32 gzn = mods[imgdb].end - mods[imgdb].start;
    if (gzn < 18) { puts("TESTKERNEL: FAIL imgdb.tgz too short\n"); failed = 1; return; }
    u32 want = gz[gzn - 4] | (u32)gz[gzn - 3] << 8 | (u32)gz[gzn - 2] << 16 | (u32)gz[gzn - 1] << 24;
    if (free_at + want < free_at || free_at + want > mem_top) { puts("TESTKERNEL: FAIL no memory to inflate imgdb.tgz\n"); failed = 1; return; }
    u32 isize = 0; const char *why = 0;
    if (gzip_inflate(gz, gzn, (u8 *)free_at, want, &isize, &why)) { puts("TESTKERNEL: FAIL imgdb.tgz: "); puts(why); puts("\n"); failed = 1; return; }
    u32 expected = 0; const char *profile = 0; u32 plen = 0;
    const char *err = read_imgdb((const u8 *)free_at, isize, &expected, &profile, &plen);
    if (err) { puts("TESTKERNEL: FAIL "); puts(err); puts("\n"); failed = 1; return; }
    for (u32 i = 0; i < nmods; i++) {
        struct str b = base_name((const char *)mods[i].string);
        if (!special(b) && !has_element_text(profile, plen, b)) fail2("extra", b, " is not a payload of the image (IMGDB.TGZ profile)", cstr(""));
    }
    /* the kernel's own payload (b) arrived as the kernel */
    if (payload_mods + 1 < expected) {
        puts("TESTKERNEL: FAIL missing: "); putu(expected - payload_mods - 1);
        puts(" module payload(s) of the image's VIBs did not arrive ("); putu(payload_mods);
        puts(" modules + the kernel; IMGDB.TGZ's VIBs have "); putu(expected); puts(")\n"); failed = 1;
    } else if (payload_mods + 1 > expected) {
        puts("TESTKERNEL: FAIL extra: "); putu(payload_mods + 1 - expected);
        puts(" module(s) more than the image's VIBs have ("); putu(payload_mods);
        puts(" modules + the kernel; IMGDB.TGZ's VIBs have "); putu(expected); puts(")\n"); failed = 1;
    } else {
        puts("TESTKERNEL: check modules complete "); putu(payload_mods); puts(" + kernel = IMGDB.TGZ's "); putu(expected); puts("\n");
    }
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
    if (cfg < 0) {
        u32 top = (m->flags & 1) ? 0x100000u + m->mem_upper * 1024u : 0x1000000u;
        puts("TESTKERNEL: mode faithful (no boot.cfg module)\n");
        faithful(cmdline, top);
    } else {
        puts("TESTKERNEL: mode legacy (boot.cfg passed as a module)\n");
        u32 entries = check_bootcfg((const char *)mods[cfg].start, mods[cfg].end - mods[cfg].start, first_word(cmdline));
        puts("TESTKERNEL: bootcfg entries="); putu(entries); puts("\n");
    }
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
