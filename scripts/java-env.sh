# Sourced by ./featurestore, .ci/run and scripts/*: points JAVA_HOME at a JDK >= 21.
# Order: $JAVA_HOME if it is >= 21, then the newest JDK >= 21 under /usr/lib/jvm, /opt/java, ~/.sdkman.
# Fails with a clear message otherwise.

featurestore_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

featurestore_find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(featurestore_java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(featurestore_java_major "$candidate")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major=$major; fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  return 1
}

if FEATURESTORE_JDK=$(featurestore_find_jdk); then
  export JAVA_HOME="$FEATURESTORE_JDK"
  export PATH="$JAVA_HOME/bin:$PATH"
  # JDK 24+ warns about sun.misc.Unsafe use inside Maven itself (guava); not our code.
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
else
  echo "featurestore: no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman)." >&2
  echo "featurestore: install one (e.g. apt install openjdk-21-jdk or Temurin 21+) or set JAVA_HOME to it." >&2
  exit 2
fi
