#!/usr/bin/env bash
# Stages the root folder of the container image (docs/fleet.md#container-image): Jib copies it onto `scratch`,
# so everything the image runs is here: a jlink'd JRE at /opt/java, the shared libraries it links (as ldd names
# them, the dynamic loader included), pgmaint's installed layout at /opt/pgmaint, the user pgmaint (10001), /tmp.
#   stage-root.sh BASEDIR JAR OUT    (OUT/image-root is rebuilt; OUT/image-jre is kept while the JDK is the same)
set -euo pipefail

base="$1"; jar="$2"; out="$3"
root="$out/image-root"
jre="$out/image-jre"
jdk="$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")"

# The modules, fixed rather than from jdeps (which takes ~40 s on the shaded jar and misses reflective uses):
#   java.sql (JDBC; brings java.logging, java.xml, java.transaction.xa), java.desktop (java.beans: FreeMarker,
#   SnakeYAML, MVEL), java.management (logback, Drools' MBeans), java.naming (pgjdbc, logback),
#   java.security.jgss + jdk.security.auth + jdk.security.jgss (gssEncMode/Kerberos to PostgreSQL),
#   java.security.sasl, jdk.crypto.ec (TLS key exchange and EC server certificates), jdk.crypto.cryptoki,
#   jdk.unsupported (sun.misc.Unsafe: Drools, junixsocket), jdk.zipfs (rules loaded from the jar), java.compiler
#   (the javax.tools interfaces Drools' compiler classes name), jdk.charsets (server encodings beyond UTF-8).
#   The chrooted `validate` of ImageIT compiles the rules with this JRE.
modules=java.base,java.sql,java.desktop,java.management,java.naming,java.security.jgss,java.security.sasl,jdk.security.auth,jdk.security.jgss,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.unsupported,jdk.zipfs,java.compiler,jdk.charsets
stamp="$jdk $(cat "$jdk/release" 2>/dev/null | md5sum | cut -c1-32) $modules"
if [ ! -x "$jre/bin/java" ] || [ "$(cat "$jre.stamp" 2>/dev/null)" != "$stamp" ]; then
  rm -rf "$jre" "$jre.stamp"
  jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 --output "$jre"
  printf '%s' "$stamp" > "$jre.stamp"
fi

rm -rf "$root"
mkdir -p "$root/opt" "$root/etc" "$root/tmp" "$root/opt/pgmaint/lib"
cp -a "$jre" "$root/opt/java"

# each library at the path ldd prints (the files, not the links: the image has no /usr/lib merge to follow)
for f in "$root/opt/java/bin/java" $(find "$root/opt/java/lib" -name '*.so' -type f); do
  ldd "$f" 2>/dev/null | awk '/=> \// {print $3} /^\s*\/[^ ]+ \(/ {print $1}'
done | sort -u | while read -r lib; do
  case "$lib" in "$root"/*) continue ;; esac
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

home="$root/opt/pgmaint"
cp -a "$base/bin/pgmaint" "$home/bin-pgmaint.tmp"
mkdir -p "$home/bin" && mv "$home/bin-pgmaint.tmp" "$home/bin/pgmaint"
cp "$jar" "$home/lib/pgmaint.jar"
cp -r "$base/checks" "$base/rules" "$base/templates" "$home/"
cp "$base/pgmaint.example.yaml" "$home/"

printf 'root:x:0:0:root:/root:/sbin/nologin\npgmaint:x:10001:10001:pgmaint:/tmp:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\npgmaint:x:10001:\n' > "$root/etc/group"
chmod 1777 "$root/tmp"
