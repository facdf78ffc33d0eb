/* esxforge test kernel: shared declarations (freestanding, no libc). */
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
u32 crc32_update(u32 crc, const u8 *p, u32 n);
int gzip_check(const u8 *p, u32 n, u32 *isize, const char **why);
int gzip_inflate(const u8 *p, u32 n, u8 *out, u32 outcap, u32 *isize, const char **why);
const char *gzip_comment(const u8 *p, u32 n);
extern u32 gzip_last_crc;
