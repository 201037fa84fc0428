# Sourced (POSIX sh) by ./veil, ./mvnw and .ci/run: makes JAVA_HOME name a JDK of release 21 or
# newer. Looks at JAVA_HOME, then `java` on the PATH, then the usual install folders.

veil_java_release() {
  # prints the feature release of the java binary $1 (e.g. 21), or nothing
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9][0-9.]*\).*/\1/p' | head -n 1 | cut -d. -f1
}

veil_try_jdk() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  _veil_rel=$(veil_java_release "$1/bin/java")
  [ -n "$_veil_rel" ] && [ "$_veil_rel" -ge 21 ] 2>/dev/null || return 1
  JAVA_HOME="$1"
  export JAVA_HOME
}

veil_find_jdk() {
  veil_try_jdk "${JAVA_HOME:-}" && return 0
  if command -v java >/dev/null 2>&1; then
    _veil_java=$(command -v java)
    _veil_java=$(readlink -f "$_veil_java" 2>/dev/null || echo "$_veil_java")
    veil_try_jdk "$(dirname "$(dirname "$_veil_java")")" && return 0
  fi
  for _veil_dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home \
      "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    veil_try_jdk "$_veil_dir" && return 0
  done
  echo "veil: no JDK 21 or newer found (looked at JAVA_HOME, java on the PATH, /usr/lib/jvm and other usual folders); install one or set JAVA_HOME to it" >&2
  return 1
}
