#!/usr/bin/env python3
"""Independent reader for the device-map test: prints every device map a .vib installs.

Written from the formats, sharing no code with esxforge: splits the ar archive, gunzips each
payload (zstd-decodes it with the zstd CLI when the gzip layer holds a zstd frame), then lists
the inner archive with Python's tarfile module, or, for VMware's vmtar (magic "visor " at byte
257), by walking its headers and reading each file at the absolute offset its header records.
Output: one line per map file, "<payload> <path> <sha256 of content>".
"""
import gzip, hashlib, io, re, subprocess, sys, tarfile

MAP = re.compile(r"etc/vmware/[^/]+\.map\.d/[^/]+\.map")

def ar_members(data):
    assert data[:8] == b"!<arch>\n"
    pos = 8
    while pos + 60 <= len(data):
        h = data[pos:pos + 60]
        name = h[:16].decode().strip().rstrip("/")
        size = int(h[48:58].decode().strip())
        yield name, data[pos + 60:pos + 60 + size]
        pos += 60 + size + (size & 1)

def vmtar_files(inner):
    pos = 0
    while True:
        h = inner[pos:pos + 512]
        if len(h) < 512 or h == b"\0" * 512:
            return
        name = h[:100].split(b"\0")[0].decode()
        size = int(h[124:136].split(b"\0")[0].strip() or b"0", 8)
        typ = h[156:157]
        offset = int.from_bytes(h[496:500], "little")
        if typ in (b"0", b"7", b"\0"):
            yield name, inner[offset:offset + size]
        pos += 512

def main(path):
    data = open(path, "rb").read()
    members = dict(ar_members(data))
    for name, payload in members.items():
        if name in ("descriptor.xml", "sig.pkcs7") or payload[:2] != b"\x1f\x8b":
            continue
        inner = gzip.decompress(payload)
        if inner[:4] == b"\x28\xb5\x2f\xfd":
            inner = subprocess.run(["zstd", "-dqc"], input=inner, stdout=subprocess.PIPE,
                                   check=True).stdout
        if inner[257:263] == b"visor ":
            files = list(vmtar_files(inner))
        else:
            with tarfile.open(fileobj=io.BytesIO(inner)) as t:
                files = [(m.name, t.extractfile(m).read()) for m in t.getmembers() if m.isfile()]
        for fname, content in files:
            fname = fname[2:] if fname.startswith("./") else fname
            if MAP.fullmatch(fname):
                print(name, fname, hashlib.sha256(content).hexdigest())

if __name__ == "__main__":
    main(sys.argv[1])
