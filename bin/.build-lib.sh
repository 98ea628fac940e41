# Shared by the executables in bin/: build a module (and what it depends on) when it is missing or stale.
robusta_build_if_stale() {
  local module="$1"
  local stamp="$root/$module/target/.robusta-built"
  local newer=""
  if [ -f "$stamp" ]; then
    newer="$(find "$root" -path '*/target' -prune -o \( -name '*.java' -o -name 'pom.xml' -o -name '*.properties' -o -name '*.html' \) -newer "$stamp" -print -quit)"
  fi
  if [ ! -f "$stamp" ] || [ -n "$newer" ]; then
    echo "Building $module (first use or sources changed)..." >&2
    local log
    log="$(mktemp)"
    # The build's output is shown only when it fails.
    if ! (cd "$root" && mvn -B -q -DskipTests -pl "$module" -am package) >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "Build of $module failed." >&2
      exit 1
    fi
    rm -f "$log"
    touch "$stamp"
  fi
}

# JVM options for the executables: on JDK 23+ Netty 4.1's use of sun.misc.Unsafe prints deprecation warnings
# unless memory access is allowed explicitly (the option does not exist before JDK 23).
robusta_java_opts() {
  local java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
  local major
  major="$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
  if [ -n "$major" ] && [ "$major" -ge 23 ]; then
    echo "--sun-misc-unsafe-memory-access=allow"
  fi
}
