/*
 * BOOT.CFG as VMware's mboot reads it, shared by the sample's two stand-in loaders: the GRUB
 * module esxboot.c (ISO BIOS/UEFI, PXE UEFI) and the SYSLINUX COM32 module mbootc32.c (PXE BIOS).
 * Freestanding: the including file defines size_t first. Lines are KEY=VALUE, keys
 * case-insensitive, '#' starts a comment, white space around keys and values is ignored.
 */
#ifndef ESXFORGE_BOOTCFG_H
#define ESXFORGE_BOOTCFG_H

static int space(char c) { return c == ' ' || c == '\t' || c == '\r'; }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c; }
static size_t slen(const char *s) { size_t n = 0; while (s[n]) n++; return n; }

struct str { const char *p; size_t n; };

static struct str trim(struct str s) {
  while (s.n && space(s.p[0])) { s.p++; s.n--; }
  while (s.n && space(s.p[s.n - 1])) s.n--;
  return s;
}

static struct str first_word(struct str s) {
  s = trim(s);
  size_t w = 0;
  while (w < s.n && !space(s.p[w])) w++;
  s.n = w;
  return s;
}

static int key_is(struct str k, const char *name) {
  size_t i = 0;
  for (; name[i]; i++) if (i >= k.n || lower(k.p[i]) != name[i]) return 0;
  return i == k.n;
}

/* Output buffer with bounds. */
struct buf { char *p; size_t n, cap; int full; };
static void put(struct buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (b->n + 1 >= b->cap) { b->full = 1; return; }
    b->p[b->n++] = s[i];
  }
  b->p[b->n] = 0;
}

/* Appends path with mboot's prefix rule: '/' or http:// as it is, else prefix (or, when prefix is
   empty, dir: the directory BOOT.CFG was read from) + '/'. */
static void put_path(struct buf *b, struct str prefix, struct str dir, struct str path) {
  int absolute = path.n && path.p[0] == '/';
  int http = path.n >= 7 && path.p[0] == 'h' && path.p[1] == 't' && path.p[2] == 't'
      && path.p[3] == 'p' && path.p[4] == ':' && path.p[5] == '/' && path.p[6] == '/';
  if (!absolute && !http) {
    struct str pre = prefix.n ? prefix : dir;
    if (!(pre.n && pre.p[0] == '/')) put(b, "/", 1);
    put(b, pre.p, pre.n);
    if (pre.n && pre.p[pre.n - 1] != '/') put(b, "/", 1);
  }
  put(b, path.p, path.n);
}

/* The keys a loader uses; each points into the text it was parsed from ({0, 0} when absent). */
struct bootcfg { struct str kernel, kernelopt, modules, prefix; };

static struct bootcfg bootcfg_parse(const char *cfg, size_t len) {
  struct bootcfg c = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
  size_t pos = 0;
  while (pos < len) {
    size_t end = pos;
    while (end < len && cfg[end] != '\n') end++;
    struct str line = {cfg + pos, end - pos};
    for (size_t i = 0; i < line.n; i++) if (line.p[i] == '#') { line.n = i; break; }
    size_t eq = 0;
    while (eq < line.n && line.p[eq] != '=') eq++;
    if (eq < line.n) {
      struct str k = trim((struct str){line.p, eq});
      struct str v = trim((struct str){line.p + eq + 1, line.n - eq - 1});
      if (key_is(k, "kernel")) c.kernel = v;
      else if (key_is(k, "kernelopt")) c.kernelopt = v;
      else if (key_is(k, "modules")) c.modules = v;
      else if (key_is(k, "prefix")) c.prefix = v;
    }
    pos = end + 1;
  }
  return c;
}

#endif
