#!/usr/bin/env bash
# Writes src/main/resources/org/esxforge/cli/build-classes.txt: the classes that esxforge's builds
# load, whichever kind (README 7.0 build to ISO + bundle + PXE tree; the 8.0 base image + add-on
# build; a re-spin of that 7.0 ISO; a --vib-list build of a synthetic depot). The
# launcher's training build (bin/esxforge: the first successful build after each jar build writes
# the build class-data archive) loads them all before it exits, so that the archive serves every
# kind of build, not only the kind of that first one (a build archive trained by a bundle-only
# build made the full-size ISO + bundle build 7 % slower). Hidden classes (lambdas) are left out:
# the JVM archives those its run made. Run it after adding or renaming classes of a build path;
# LauncherIT fails while an esxforge class that an ISO build loads is missing from the list.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
mvn -q -B -DskipTests package >/dev/null
jar="$here/target/esxforge.jar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ESXFORGE_HOME="$here"
n=0
run() { n=$((n + 1)); java -Xshare:off -Xlog:class+load=info:file="$work/log$n.txt" -jar "$jar" "$@" > /dev/null; }
java -jar "$jar" sample-depot "$work/s70" > /dev/null
run build -q -d "$work/s70" --trust "$work/s70/sample-ca.pem" --base latest --name ESXi-7.0b-HP-Emulex \
  --add samples/HP-drivers-7.0-offline-bundle.zip --remove hpnmi --add samples/Emulex-drivers-7.0-offline-bundle.zip \
  --iso "$work/a.iso" --bundle "$work/a.zip" --pxe "$work/pxe"
run build -q -d "$work/a.iso" --trust "$work/s70/sample-ca.pem" --base ESXi-7.0b-HP-Emulex --name respin \
  --iso "$work/b.iso" --bundle "$work/b.zip"
java -jar "$jar" sample-depot --version 8.0 "$work/s80" > /dev/null
run build -q -d "$work/s80" --trust "$work/s80/sample-ca.pem" -d samples/HPE-Custom-AddOn-8.0U3-depot.zip \
  --base-image latest:8.0 --addon HPE-Custom-AddOn --name ESXi-8.0U3b-HPE --iso "$work/c.iso" --bundle "$work/c.zip"
python3 bench/gen-synthetic-depot.py "$work/syn.zip" --vibs 200 --profiles 6 --provider
{ echo syn-vmkapi; seq -f 'syn-drv%05g' 0 199; } > "$work/list.txt"
run build -q -d "$work/syn.zip" --base SYN-7.0.0-00000-standard --name syn --vib-list "$work/list.txt" --bundle "$work/d.zip"
out=src/main/resources/org/esxforge/cli/build-classes.txt
mkdir -p "$(dirname "$out")"
{
  echo "# written by bench/cds-class-list.sh: the classes esxforge's builds load (see there)"
  cat "$work"/log*.txt | awk '/ source: / {print $2}' | grep -v -e '\$\$Lambda' -e '/0x' -e '^jdk\.internal\.reflect\.Generated' | sort -u
} > "$out"
echo "$(($(wc -l < "$out") - 1)) classes -> $out"
