# Sourced by ./runway and .ci/run: finds a JDK 21 or newer. Written for bash 3.2 too (macOS).

# The major version of a java binary ("17", "21", "25"), or nothing when it does not run. A JDK's release
# file says it without starting a JVM, which matters when several installed JDKs are looked at.
java_major() {
  local version="" release="${1%/bin/java}/release"
  if [ "$1" != java ] && [ -f "$release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*$/\1/p' "$release") || true
  fi
  if [ -z "$version" ]; then
    version=$("$1" -version 2>&1 | sed -n 's/^.* version "\([^"]*\)".*$/\1/p' | head -n 1) || true
  fi
  case $version in 1.*) version=${version#1.} ;; esac
  echo "${version%%[!0-9]*}"
}

at_least_21() {
  local major
  major=$(java_major "$1")
  [ -n "$major" ] && [ "$major" -ge 21 ]
}

# JAVA_HOME if it is 21+, else java on PATH if 21+, else the newest 21+ in the usual install folders.
pick_java_home() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && at_least_21 "$JAVA_HOME/bin/java"; then
    echo "$JAVA_HOME"
    return
  fi
  local on_path candidate major best="" best_major=0
  if command -v java >/dev/null 2>&1; then
    # java on PATH is usually a chain of links to <jdk>/bin/java; when it is not (the macOS stub), ask the JVM.
    on_path=$(readlink -f "$(command -v java)" 2>/dev/null) || on_path=java
    if at_least_21 "$on_path"; then
      case $on_path in
        */bin/java) echo "${on_path%/bin/java}" ;;
        *) java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p' ;;
      esac
      return
    fi
  fi
  for candidate in /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java; do
    [ -x "$candidate" ] || continue
    major=$(java_major "$candidate")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best=${candidate%/bin/java}
      best_major=$major
    fi
  done
  echo "$best"
}
