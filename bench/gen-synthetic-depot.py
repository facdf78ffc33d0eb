#!/usr/bin/env python3
"""Writes a synthetic ESXi offline depot (zip) with N VIBs and P image profiles, following
docs/formats.md (index.xml, vendor-index.xml, metadata.zip with vmware.xml, vibs/*.xml,
bulletins/*.xml, profiles/*.xml, vib20/<name>/<id>.vib). Written independently of esxforge's own
writers on purpose. Deterministic for given arguments.

usage: gen-synthetic-depot.py OUT.zip [--vibs 10000] [--profiles 300] [--provider]

Every VIB depends on vmkapi_2_6_0_0; --provider adds one more VIB, syn-vmkapi, that provides it (in no
profile), so that a profile built from the VIBs validates cleanly (bench/vib-list.sh).
"""
import argparse, hashlib, io, random, zipfile

FIXED = (2020, 3, 16, 10, 48, 52)

def ar_member(name, data):
    hdr = (name.ljust(16) + "0".ljust(12) + "0".ljust(6) + "0".ljust(6) + "0".ljust(8)
           + str(len(data)).ljust(10) + "`\n").encode()
    assert len(hdr) == 60
    return hdr + data + (b"\n" if len(data) % 2 else b"")

def descriptor(i, name, version, payload, payload_sha, provides=False):
    d = _descriptor(i, name, version, payload, payload_sha)
    if provides:
        d = (d.replace("<depends><constraint name=\"vmkapi_2_6_0_0\"/></depends>", "<depends/>")
             .replace("<provides/>", "<provides><provide name=\"vmkapi_2_6_0_0\"/></provides>"))
    return d

def _descriptor(i, name, version, payload, payload_sha):
    return ("<vib version=\"5.0\"><type>bootbank</type><name>%s</name><version>%s</version>"
            "<vendor>SYN</vendor><summary>synthetic driver %d</summary><description>synthetic</description>"
            "<release-date>2020-03-16T10:48:52.739068+00:00</release-date><urls/>"
            "<relationships><depends><constraint name=\"vmkapi_2_6_0_0\"/></depends><conflicts/>"
            "<replaces/><provides/><compatibleWith/></relationships><software-tags><tag>driver</tag>"
            "</software-tags><system-requires><maintenance-mode>true</maintenance-mode>"
            "<softwarePlatform version=\"7.0.0\" locale=\"\" productLineID=\"embeddedEsx\"/></system-requires>"
            "<file-list><file>usr/lib/vmware/vmkmod/%s</file></file-list><acceptance-level>community</acceptance-level>"
            "<live-install-allowed>false</live-install-allowed><live-remove-allowed>false</live-remove-allowed>"
            "<cimom-restart>false</cimom-restart><stateless-ready>true</stateless-ready><overlay>false</overlay>"
            "<payloads><payload name=\"%s\" type=\"tgz\" size=\"%d\"><checksum checksum-type=\"sha-256\">%s</checksum>"
            "</payload></payloads></vib>") % (name, version, i, name, name[:8], len(payload), payload_sha)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--vibs", type=int, default=10000)
    ap.add_argument("--profiles", type=int, default=300)
    ap.add_argument("--provider", action="store_true")
    a = ap.parse_args()
    rnd = random.Random(7)
    meta = io.BytesIO()
    vib_files = []
    ids = []
    with zipfile.ZipFile(meta, "w", zipfile.ZIP_DEFLATED) as mz:
        def put(z, name, data):
            zi = zipfile.ZipInfo(name, FIXED); zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16; z.writestr(zi, data)
        vendor_index = ("<metaList>\n  <metadata>\n    <productId>embeddedEsx</productId>\n    <version>7.0.0</version>\n"
                        "    <locale></locale>\n    <url>metadata.zip</url>\n    <channelName>default</channelName>\n"
                        "  </metadata>\n</metaList>\n")
        put(mz, "vendor-index.xml", vendor_index)
        bulletin_vibs = []
        for i in range(a.vibs + (1 if a.provider else 0)):
            provider = i == a.vibs
            name = "syn-vmkapi" if provider else "syn-drv%05d" % i
            version = "1.0.0-1OEM.700.1.0.15843807" if provider else "%d.%d.%d-1OEM.700.1.0.15843807" % (1 + i % 7, i % 13, i % 101)
            vid = "SYN_bootbank_%s_%s" % (name, version)
            payload = rnd.randbytes(64)
            psha = hashlib.sha256(payload).hexdigest()
            d = descriptor(i, name, version, payload, psha, provider).encode()
            vib = b"!<arch>\n" + ar_member("descriptor.xml", d) + ar_member("sig.pkcs7", b"") + ar_member(name[:8], payload)
            rel = "vib20/%s/%s.vib" % (name, vid)
            vsha = hashlib.sha256(vib).hexdigest()
            extra = ("<relative-path>%s</relative-path><packed-size>%d</packed-size>"
                     "<checksum checksum-type=\"sha-256\">%s</checksum>") % (rel, len(vib), vsha)
            md = d.decode().replace("</software-tags>", "</software-tags>" + extra)
            put(mz, "vibs/%s--%d.xml" % (name, i), md)
            vib_files.append((rel, vib))
            if not provider:
                ids.append(vid)
            bulletin_vibs.append(vid)
        blt = ("<bulletin><id>SYN-bundle_1.0</id><vendor>Synthetic</vendor><summary>all</summary><severity>general</severity>"
               "<category>enhancement</category><urgency>important</urgency><releaseType>extension</releaseType>"
               "<description>synthetic</description><kbUrl></kbUrl><contact></contact>"
               "<releaseDate>2020-03-16T10:48:52.739068+00:00</releaseDate><platforms>"
               "<softwarePlatform version=\"7.0.0\" locale=\"\" productLineID=\"embeddedEsx\"/></platforms><vibList>"
               + "".join("<vibID>%s</vibID>" % v for v in bulletin_vibs) + "</vibList></bulletin>")
        put(mz, "bulletins/SYN-bundle_1.0.xml", blt)
        put(mz, "vmware.xml", "<metadataResponse>\n  <version>3.0</version>\n  <timestamp>2020-03-16T10:48:52.739068</timestamp>\n</metadataResponse>\n")
        for p in range(a.profiles):
            chosen = sorted(rnd.sample(ids, min(150, len(ids))))
            prof = ("<imageprofile><name>SYN-7.0.0-%05d-standard</name><creator>Synthetic</creator><profileID>syn-%d</profileID>"
                    "<creationtime>2020-03-%02dT10:48:52.000000+00:00</creationtime><modifiedtime>2020-03-16T10:48:52.000000+00:00</modifiedtime>"
                    "<description>synthetic profile %d</description><readonly>true</readonly><viblist>"
                    % (p, p, 1 + p % 28, p)
                    + "".join("<vib><vib-id>%s</vib-id></vib>" % v for v in chosen)
                    + "</viblist><acceptancelevel>community</acceptancelevel></imageprofile>")
            put(mz, "profiles/SYN-7.0.0-%05d-standard.xml" % p, prof)
    index = ("<vendorList>\n  <vendor>\n    <name>Synthetic</name>\n    <code>SYN</code>\n    <indexfile>vendor-index.xml</indexfile>\n"
             "    <patchUrl></patchUrl>\n    <relativePath></relativePath>\n    <content>\n      <name>VMware ESX</name>\n"
             "      <type>http://www.vmware.com/depotmanagement/esx</type>\n    </content>\n  </vendor>\n</vendorList>\n")
    with zipfile.ZipFile(a.out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("index.xml", index), ("vendor-index.xml", vendor_index), ("metadata.zip", meta.getvalue())] + vib_files:
            zi = zipfile.ZipInfo(name, FIXED); zi.compress_type = zipfile.ZIP_DEFLATED; zi.external_attr = 0o644 << 16
            z.writestr(zi, data)

if __name__ == "__main__":
    main()
