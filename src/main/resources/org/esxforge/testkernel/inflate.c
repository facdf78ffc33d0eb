/*
 * esxforge test kernel: a small freestanding gzip/deflate (RFC 1951/1952) checker. It inflates a
 * gzip member held in memory into a 32 KiB circular window (and, when asked, an output buffer),
 * computing the CRC-32 and length of the output on the way, and compares them with the gzip
 * trailer.
 * Canonical-Huffman decoding in the style of the RFC's reference decoders; written for this
 * project.
 */
#include "kernel.h"

#define MAXBITS 15
#define MAXLCODES 286
#define MAXDCODES 30
#define FIXLCODES 288
#define WSIZE 32768u

/* The CRC-32 of the output of the last gzip member that checked out. */
u32 gzip_last_crc;

struct huff { short count[MAXBITS + 1]; short symbol[FIXLCODES]; };

static struct state {
    const u8 *in; u32 inlen, inpos;
    u32 bitbuf; int bitcnt;
    u8 win[WSIZE]; u32 total; u32 crc;
    u8 *out; u32 outcap;
    int err;
} S;

static int bits(int need) {
    u32 val = S.bitbuf;
    while (S.bitcnt < need) {
        if (S.inpos >= S.inlen) { S.err = 1; return 0; }
        val |= (u32)S.in[S.inpos++] << S.bitcnt;
        S.bitcnt += 8;
    }
    S.bitbuf = val >> need;
    S.bitcnt -= need;
    return (int)(val & ((1u << need) - 1));
}

static void emit(u8 b) {
    S.win[S.total & (WSIZE - 1)] = b;
    if (S.out && S.total < S.outcap) S.out[S.total] = b;
    S.total++;
    S.crc = crc32_update(S.crc, &b, 1);
}

static int stored(void) {
    S.bitbuf = 0; S.bitcnt = 0;
    if (S.inpos + 4 > S.inlen) return 2;
    u32 len = S.in[S.inpos] | (u32)S.in[S.inpos + 1] << 8;
    u32 nlen = S.in[S.inpos + 2] | (u32)S.in[S.inpos + 3] << 8;
    S.inpos += 4;
    if (len != (~nlen & 0xffff)) return 3;
    if (S.inpos + len > S.inlen) return 2;
    while (len--) emit(S.in[S.inpos++]);
    return 0;
}

static int decode(const struct huff *h) {
    int code = 0, first = 0, index = 0;
    for (int len = 1; len <= MAXBITS; len++) {
        code |= bits(1);
        if (S.err) return -1;
        int count = h->count[len];
        if (code - count < first) return h->symbol[index + (code - first)];
        index += count; first += count; first <<= 1; code <<= 1;
    }
    return -10;
}

static int construct(struct huff *h, const short *length, int n) {
    short offs[MAXBITS + 1];
    for (int len = 0; len <= MAXBITS; len++) h->count[len] = 0;
    for (int s = 0; s < n; s++) h->count[length[s]]++;
    if (h->count[0] == n) return 0;
    int left = 1;
    for (int len = 1; len <= MAXBITS; len++) { left <<= 1; left -= h->count[len]; if (left < 0) return left; }
    offs[1] = 0;
    for (int len = 1; len < MAXBITS; len++) offs[len + 1] = (short)(offs[len] + h->count[len]);
    for (int s = 0; s < n; s++) if (length[s] != 0) h->symbol[offs[length[s]]++] = (short)s;
    return left;
}

static const short lbase[29] = {3,4,5,6,7,8,9,10,11,13,15,17,19,23,27,31,35,43,51,59,67,83,99,115,131,163,195,227,258};
static const short lext[29] = {0,0,0,0,0,0,0,0,1,1,1,1,2,2,2,2,3,3,3,3,4,4,4,4,5,5,5,5,0};
static const short dbase[30] = {1,2,3,4,5,7,9,13,17,25,33,49,65,97,129,193,257,385,513,769,1025,1537,2049,3073,4097,6145,8193,12289,16385,24577};
static const short dext[30] = {0,0,0,0,1,1,2,2,3,3,4,4,5,5,6,6,7,7,8,8,9,9,10,10,11,11,12,12,13,13};

static int codes(const struct huff *lc, const struct huff *dc) {
    for (;;) {
        int sym = decode(lc);
        if (sym < 0) return sym;
        if (sym < 256) { emit((u8)sym); continue; }
        if (sym == 256) return 0;
        sym -= 257;
        if (sym >= 29) return -10;
        u32 len = (u32)(lbase[sym] + bits(lext[sym]));
        int ds = decode(dc);
        if (ds < 0) return ds;
        if (ds >= 30) return -10;
        u32 dist = (u32)(dbase[ds] + bits(dext[ds]));
        if (S.err) return -1;
        if (dist > S.total || dist > WSIZE) return -11;
        while (len--) emit(S.win[(S.total - dist) & (WSIZE - 1)]);
    }
}

static struct huff LC, DC;
static short lengths[MAXLCODES + MAXDCODES];

static int fixed(void) {
    int s = 0;
    for (; s < 144; s++) lengths[s] = 8;
    for (; s < 256; s++) lengths[s] = 9;
    for (; s < 280; s++) lengths[s] = 7;
    for (; s < FIXLCODES; s++) lengths[s] = 8;
    construct(&LC, lengths, FIXLCODES);
    for (s = 0; s < MAXDCODES; s++) lengths[s] = 5;
    construct(&DC, lengths, MAXDCODES);
    return codes(&LC, &DC);
}

static int dynamic(void) {
    static const short order[19] = {16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1,15};
    int nlen = bits(5) + 257, ndist = bits(5) + 1, ncode = bits(4) + 4, index;
    if (S.err) return -1;
    if (nlen > MAXLCODES || ndist > MAXDCODES) return -3;
    for (index = 0; index < ncode; index++) lengths[order[index]] = (short)bits(3);
    for (; index < 19; index++) lengths[order[index]] = 0;
    if (S.err) return -1;
    if (construct(&LC, lengths, 19) != 0) return -4;
    index = 0;
    while (index < nlen + ndist) {
        int sym = decode(&LC), len = 0;
        if (sym < 0) return sym;
        if (sym < 16) { lengths[index++] = (short)sym; continue; }
        if (sym == 16) { if (index == 0) return -5; len = lengths[index - 1]; sym = 3 + bits(2); }
        else if (sym == 17) sym = 3 + bits(3);
        else sym = 11 + bits(7);
        if (S.err) return -1;
        if (index + sym > nlen + ndist) return -6;
        while (sym--) lengths[index++] = (short)len;
    }
    if (lengths[256] == 0) return -9;
    int err = construct(&LC, lengths, nlen);
    if (err < 0 || (err > 0 && nlen - LC.count[0] != 1)) return -7;
    err = construct(&DC, lengths + nlen, ndist);
    if (err < 0 || (err > 0 && ndist - DC.count[0] != 1)) return -8;
    return codes(&LC, &DC);
}

/* Returns 0 and fills *isize when the gzip member is intact; else a reason string in *why. */
int gzip_check(const u8 *p, u32 n, u32 *isize, const char **why) {
    return gzip_inflate(p, n, 0, 0, isize, why);
}

/* The header's FCOMMENT (NUL-terminated inside the member), or 0 when there is none. */
const char *gzip_comment(const u8 *p, u32 n) {
    if (n < 18 || p[0] != 0x1f || p[1] != 0x8b || p[2] != 8 || !(p[3] & 16)) return 0;
    u32 i = 10;
    if (p[3] & 4) { if (i + 2 > n) return 0; i += 2 + (p[i] | (u32)p[i + 1] << 8); }
    if (p[3] & 8) { while (i < n && p[i]) i++; i++; }
    u32 start = i;
    while (i < n && p[i]) i++;
    return i < n ? (const char *)p + start : 0;
}

/*
 * gzip_check that also writes the decompressed bytes to out (at most outcap of them; out may be 0).
 */
int gzip_inflate(const u8 *p, u32 n, u8 *out, u32 outcap, u32 *isize, const char **why) {
    S.in = p; S.inlen = n; S.inpos = 10; S.bitbuf = 0; S.bitcnt = 0; S.total = 0; S.crc = 0; S.err = 0;
    S.out = out; S.outcap = outcap;
    if (n < 18 || p[0] != 0x1f || p[1] != 0x8b) { *why = "not gzip"; return 1; }
    if (p[2] != 8) { *why = "gzip method not deflate"; return 1; }
    u8 flg = p[3];
    if (flg & 4) { if (S.inpos + 2 > n) goto trunc; S.inpos += 2 + (p[S.inpos] | (u32)p[S.inpos + 1] << 8); }
    if (flg & 8) { while (S.inpos < n && p[S.inpos]) S.inpos++; S.inpos++; }
    if (flg & 16) { while (S.inpos < n && p[S.inpos]) S.inpos++; S.inpos++; }
    if (flg & 2) S.inpos += 2;
    if (S.inpos >= n) goto trunc;
    int last;
    do {
        last = bits(1);
        int type = bits(2);
        if (S.err) goto trunc;
        int r = type == 0 ? stored() : type == 1 ? fixed() : type == 2 ? dynamic() : -12;
        if (S.err || r == 2) goto trunc;
        if (r != 0) { *why = "gzip deflate data corrupt"; return 1; }
    } while (!last);
    if (S.inpos + 8 > n) goto trunc;
    const u8 *t = p + S.inpos;
    u32 crc = t[0] | (u32)t[1] << 8 | (u32)t[2] << 16 | (u32)t[3] << 24;
    u32 size = t[4] | (u32)t[5] << 8 | (u32)t[6] << 16 | (u32)t[7] << 24;
    *isize = S.total;
    if (crc != S.crc) { *why = "gzip crc"; return 1; }
    if (size != S.total) { *why = "gzip isize"; return 1; }
    gzip_last_crc = S.crc;
    return 0;
trunc:
    *why = "gzip truncated";
    return 1;
}
