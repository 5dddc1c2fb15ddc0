# Sourced by ./featurestore and scripts/bench-merge: the JVM options of one featurestore command, in one place, so
# the benchmarks measure what users run (docs/local.md, "Start-up"; figures in docs/benchmarks.md).
#
#   featurestore_java_opts COMMAND      prints the JIT/GC options of COMMAND
#   featurestore_aot_opts CACHE JAR...   prints the AOT-cache options for a JVM whose class path is JAR...
#   featurestore_aot_finish CACHE OPTS JAR...  after a recording run: builds CACHE in the background, quietly
#
# AOT cache (JDK 25+, JEP 483/514/515): the first run of a command records which classes it loads and links and
# how its methods behave; a background step turns that into CACHE; later runs map it, so classes come loaded
# and linked and the JIT starts from the recorded profiles. The cache is rebuilt when a JAR is newer than it.
# Recording and building print nothing (VM output off). FEATURESTORE_AOT=0 turns it off.

featurestore_java_opts() {
  case "${1:-}" in
    # short read-only commands spend most of their CPU starting up: C1 only and the serial GC
    get|versions|validate|runs|help|--help|-h|--version) echo "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" ;;
    # batch commands that merge: the throughput collector (no concurrent marking or G1 barriers; pauses do not matter
    # here): 5% less CPU for the 10M merge with statistics; and C2 inlining only methods up to 100 bytecodes when hot
    # (default 325): smaller compilations, C2 time 4.2 -> 3.3 s, about 5% less CPU; and on-stack replacement only after
    # 400,000 loop iterations (default 40,000), so a loop run per page is compiled once, not first for OSR and again
    # whole: JIT CPU -0.1 s without statistics, -0.3 s with them (docs/local.md, "Start-up")
    calculate|merge|demo) echo "-XX:+UseParallelGC -XX:FreqInlineSize=100 -XX:Tier4BackEdgeThreshold=400000" ;;
    # serve and the rest keep the JVM's default (G1: short pauses for a server)
    *) echo "" ;;
  esac
}

# VM output off: a recording JVM prints "AOTConfiguration recorded" on stdout, which would mix with command output.
FEATURESTORE_AOT_QUIET="-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -Xlog:disable -Xlog:all=error:stderr"

featurestore_aot_supported() {
  [ "${FEATURESTORE_AOT:-1}" != "0" ] && [ "$(featurestore_java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null
}

featurestore_aot_opts() {
  local cache="$1" jar
  shift
  featurestore_aot_supported || return 0
  for jar in "$@"; do
    if [ -f "$cache" ] && [ "$jar" -nt "$cache" ]; then rm -f "$cache"; fi
  done
  if [ -f "$cache" ]; then
    echo "-XX:AOTCache=$cache $FEATURESTORE_AOT_QUIET"
  else
    mkdir -p "$(dirname "$cache")"
    echo "-XX:AOTMode=record -XX:AOTConfiguration=$cache.$$.conf $FEATURESTORE_AOT_QUIET"
  fi
}

# Builds CACHE from the configuration a recording run left (same options and class path), in the background.
featurestore_aot_finish() {
  local cache="$1" cp opts
  shift
  opts="$1"
  shift
  cp=$(IFS=:; echo "$*")
  local conf="$cache.$$.conf"
  [ -f "$conf" ] || return 0
  ( nice -n 10 "$JAVA_HOME/bin/java" $opts -XX:AOTMode=create -XX:AOTConfiguration="$conf" \
      -XX:AOTCache="$cache.$$.tmp" $FEATURESTORE_AOT_QUIET -cp "$cp" >/dev/null 2>&1 \
      && mv -f "$cache.$$.tmp" "$cache"; rm -f "$conf" "$cache.$$.tmp" ) </dev/null >/dev/null 2>&1 &
}
