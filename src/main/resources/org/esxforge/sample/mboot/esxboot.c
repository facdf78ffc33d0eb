/*
 * esxforge sample boot chain: "esxboot", a GRUB 2.06 module that reads an ESXi BOOT.CFG the way
 * VMware's mboot does, so that the GRUB stand-ins for mboot.c32/mboot.efi load exactly what
 * BOOT.CFG names. Command:
 *
 *   esxboot_cfg FILE
 *
 * reads FILE through GRUB's file layer (iso9660, tftp, ...) and parses it like ESXBOOT
 * (mboot/config.c, bootlib/parse.c): one key=value per line, '#' starts a comment, keys are
 * case-insensitive, white space around '=' and repeated white space are collapsed, unknown keys are
 * ignored. It then sets the GRUB variables
 *
 *   esx_kernel     kernel=, first word, with prefix= applied
 *   esx_kernelopt  kernelopt= (white space collapsed)
 *   esx_modules    every modules= item ("---" separated), first word, with prefix= applied,
 *                  separated by single spaces, in BOOT.CFG order
 *   esx_count      the number of modules
 *
 * prefix= rule (mboot): a path that starts with '/' or "http://" is used as it is; any other path
 * gets prefix + '/' in front; an empty prefix means the directory of FILE. GRUB paths are absolute
 * on their device, so a relative result gets a leading '/'. Module options after the path are not
 * kept (no sample module has one). The embedded GRUB script then runs
 * "multiboot $esx_kernel $esx_kernel $esx_kernelopt" and one "module --nounzip $m $m" per module.
 *
 * Built with the host gcc for GRUB's i386-pc (-mregparm=3 -mrtd, GRUB's calling convention there)
 * and x86_64-efi (-mcmodel=large -mno-red-zone) platforms; only symbols GRUB's kernel exports are
 * used. Written for esxforge; a GRUB module must carry a GPL-compatible license tag to load.
 */
typedef unsigned long size_t;
typedef int grub_err_t;
typedef struct grub_file *grub_file_t;
struct grub_command;
typedef grub_err_t (*grub_command_func_t)(struct grub_command *cmd, int argc, char **argv);

/* GRUB 2.06 kernel exports (kern/file.c, env.c, command.c, mm.c, err.c, misc.c). */
grub_file_t grub_file_open(const char *name, int type);
long grub_file_read(grub_file_t file, void *buf, size_t len);
grub_err_t grub_file_close(grub_file_t file);
grub_err_t grub_env_set(const char *name, const char *val);
struct grub_command *grub_register_command_prio(const char *name, grub_command_func_t func,
                                                const char *summary, const char *description,
                                                int prio);
void grub_unregister_command(struct grub_command *cmd);
void *grub_malloc(size_t size);
void grub_free(void *p);
grub_err_t grub_error(grub_err_t n, const char *fmt, ...);
extern grub_err_t grub_errno;

#define GRUB_ERR_BAD_ARGUMENT 18
#define GRUB_ERR_OUT_OF_MEMORY 3
#define GRUB_ERR_BAD_FILE_TYPE 9
#define GRUB_FILE_TYPE_NONE 0 /* verifiers and filters do not look at it */
#define GRUB_FILE_TYPE_NO_DECOMPRESS 0x20000

static const char license[] __attribute__((section(".module_license"), used)) = "LICENSE=GPLv3+";
static const char modname[] __attribute__((section(".modname"), used)) = "esxboot";

#define MAX_CFG (256 * 1024)

#include "bootcfg.h"

static grub_err_t cmd_cfg(struct grub_command *cmd, int argc, char **argv) {
  (void)cmd;
  if (argc != 1) return grub_error(GRUB_ERR_BAD_ARGUMENT, "usage: esxboot_cfg FILE");
  grub_file_t f = grub_file_open(argv[0], GRUB_FILE_TYPE_NONE | GRUB_FILE_TYPE_NO_DECOMPRESS);
  if (!f) return grub_errno;
  char *cfg = grub_malloc(MAX_CFG + 1);
  if (!cfg) { grub_file_close(f); return grub_error(GRUB_ERR_OUT_OF_MEMORY, "out of memory"); }
  size_t len = 0;
  for (;;) {
    long r = grub_file_read(f, cfg + len, MAX_CFG - len);
    if (r < 0) { grub_file_close(f); grub_free(cfg); return grub_errno; }
    if (r == 0) break;
    len += (size_t)r;
    if (len >= MAX_CFG) {
      grub_file_close(f); grub_free(cfg);
      return grub_error(GRUB_ERR_BAD_FILE_TYPE, "%s: larger than %d bytes", argv[0], MAX_CFG);
    }
  }
  grub_file_close(f);
  cfg[len] = 0;

  /* The directory of FILE, without a "(device)" part. */
  struct str dir = {argv[0], slen(argv[0])};
  if (dir.n && dir.p[0] == '(') {
    size_t i = 0;
    while (i < dir.n && dir.p[i] != ')') i++;
    if (i < dir.n) { dir.p += i + 1; dir.n -= i + 1; }
  }
  while (dir.n && dir.p[dir.n - 1] != '/') dir.n--;

  struct bootcfg bc = bootcfg_parse(cfg, len);
  struct str kernel = bc.kernel, kernelopt = bc.kernelopt, modules = bc.modules, prefix = bc.prefix;
  if (!first_word(kernel).n) {
    grub_free(cfg);
    return grub_error(GRUB_ERR_BAD_FILE_TYPE, "%s: no kernel=", argv[0]);
  }
  size_t cap = len * 2 + 4096;
  char *out = grub_malloc(cap * 3);
  if (!out) { grub_free(cfg); return grub_error(GRUB_ERR_OUT_OF_MEMORY, "out of memory"); }
  struct buf kb = {out, 0, cap, 0}, ob = {out + cap, 0, cap, 0}, mb = {out + 2 * cap, 0, cap, 0};
  kb.p[0] = ob.p[0] = mb.p[0] = 0;
  put_path(&kb, prefix, dir, first_word(kernel));
  /* kernelopt with white space collapsed */
  for (size_t i = 0; i < kernelopt.n; i++) {
    if (space(kernelopt.p[i])) {
      if (ob.n && ob.p[ob.n - 1] != ' ') put(&ob, " ", 1);
    } else {
      put(&ob, kernelopt.p + i, 1);
    }
  }
  unsigned count = 0;
  size_t i = 0;
  while (i < modules.n) {
    size_t j = i;
    while (j < modules.n && !(j + 3 <= modules.n && modules.p[j] == '-' && modules.p[j + 1] == '-'
                              && modules.p[j + 2] == '-')) j++;
    struct str item = first_word((struct str){modules.p + i, j - i});
    if (item.n) {
      if (count) put(&mb, " ", 1);
      put_path(&mb, prefix, dir, item);
      count++;
    }
    i = j + 3;
  }
  char num[12];
  int k = 11;
  num[k] = 0;
  unsigned c = count;
  do { num[--k] = (char)('0' + c % 10); c /= 10; } while (c);
  grub_err_t err = 0;
  if (kb.full || ob.full || mb.full) {
    err = grub_error(GRUB_ERR_BAD_FILE_TYPE, "%s: a value is too long", argv[0]);
  } else {
    grub_env_set("esx_kernel", kb.p);
    grub_env_set("esx_kernelopt", ob.p);
    grub_env_set("esx_modules", mb.p);
    grub_env_set("esx_count", num + k);
  }
  grub_free(out);
  grub_free(cfg);
  return err;
}

static struct grub_command *registered;

static void __attribute__((used)) grub_mod_init(void *mod) {
  (void)mod;
  registered = grub_register_command_prio(
      "esxboot_cfg", cmd_cfg, "FILE",
      "Read an ESXi BOOT.CFG like VMware mboot; set esx_kernel, esx_kernelopt, esx_modules.", 0);
}

static void __attribute__((used)) grub_mod_fini(void) { grub_unregister_command(registered); }
