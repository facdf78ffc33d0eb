#!/usr/bin/env python3
"""The peer of `esxforge vibs --json` for bench/vibs-json.sh: lists the VIBs of an offline depot zip
with the same JSON fields, with the standard library only. Opens the metadata.zip inside the depot
zip, parses vibs/*.xml, and (as esxforge does) reads the ar headers of each .vib to say whether it
is signed. usage: list-vibs.py DEPOT.zip"""
import io, json, sys, zipfile, xml.etree.ElementTree as ET

def cons(el, tag):
    out = []
    for c in el.findall("relationships/%s/constraint" % tag):
        rel = c.get("relation")
        out.append(c.get("name") + (" %s %s" % (rel, c.get("version")) if rel else ""))
    return out

def signed(depot, rel):
    try:
        with depot.open(rel) as f:
            head = f.read(8 + 2 * 60 + 4096)
    except KeyError:
        return None
    pos = 8
    for _ in range(2):
        name, size = head[pos:pos + 16].decode().strip().rstrip("/"), int(head[pos + 48:pos + 58])
        if name == "sig.pkcs7":
            return size > 0
        pos += 60 + size + size % 2
    return False

def main(path):
    depot = zipfile.ZipFile(path)
    meta = zipfile.ZipFile(io.BytesIO(depot.read(next(n for n in depot.namelist() if n.endswith("metadata.zip")))))
    rows = []
    for n in meta.namelist():
        if not (n.startswith("vibs/") and n.endswith(".xml")):
            continue
        v = ET.fromstring(meta.read(n))
        t = lambda p: (v.findtext(p) or "").strip()
        rel, vid = t("relative-path"), "_".join((t("vendor"), t("type"), t("name"), t("version")))
        rows.append({"id": vid, "name": t("name"), "version": t("version"), "vendor": t("vendor"), "type": t("type"),
            "acceptance": t("acceptance-level"), "releaseDate": t("release-date"), "summary": t("summary"),
            "overlay": t("overlay") == "true", "statelessReady": t("stateless-ready") == "true",
            "maintenanceMode": t("system-requires/maintenance-mode") == "true",
            "softwarePlatforms": [p.get("version") for p in v.findall("system-requires/softwarePlatform")],
            "depends": cons(v, "depends"), "conflicts": cons(v, "conflicts"), "replaces": cons(v, "replaces"),
            "provides": [p.get("name") + (" = " + p.get("version") if p.get("version") else "") for p in v.findall("relationships/provides/provide")],
            "payloads": [{"name": p.get("name"), "type": p.get("type"), "size": int(p.get("size"))} for p in v.findall("payloads/payload")],
            "signed": signed(depot, rel), "sha256": t("checksum") or None, "packedSize": int(t("packed-size") or 0),
            "relativePath": rel, "depots": [path]})
    rows.sort(key=lambda r: r["id"])
    json.dump(rows, sys.stdout, indent=2, sort_keys=True)
    print()

if __name__ == "__main__":
    main(sys.argv[1])
