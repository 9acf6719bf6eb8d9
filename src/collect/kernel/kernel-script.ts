// The batched kernel collection script: ONE `sh -c` that reads the host namespace, every namespace file
// under /var/run/docker/netns, /var/run/netns (Podman's netns-*) and /var/run/user/<uid>/netns, and the
// firewall, so collection costs one round trip
// whatever the number of containers. The script is a constant: the only inputs are positional
// parameters ($1 = a random hex nonce that tags every marker line, $2 = how it was started, and for an
// update $3-$5 below) and, for an update, stdin; file and interface names found on the host are only
// ever used quoted, as data. See parse-sections.ts for the format.
//
// An update (after Docker events) costs what changed, not what the host holds:
// - $3 = words naming sections whose last reading still holds (`uid`, `iptables-version`, firewall
//   commands, `sysctl`, `listen`, `proxy`): each prints a `cached` section instead of running anything.
// - $4 = `-`: stdin holds `k <inode>=<encoded path>` lines, the namespaces whose last reading stands.
//   One awk pairs them with the listing (a `case` per file on the whole list was quadratic: ~0.1 s at
//   a thousand namespaces) and prints the `cached` section of each kept file under Docker's folder
//   itself: no stat (Docker never reuses a sandbox name), no shell work per kept file. (On stdin: as
//   one argument they would pass the kernel's 128 KiB limit for one argument at ~1,800 namespaces.)
//   Cached sections thus come first; the reader puts namespaces in path order.
// - stdin's `p <pid>` lines: docker-proxy processes whose command line the last reading holds (only
//   new ones are read: ~650 bytes each, 130 KB per update at 200 published ports).
// - $5 = `+ <name>…`: the host namespace is read in part (`host-part`): its bridges (one `addr show type
//   bridge`), and address and routes of the devices created since (names not among the `h <name>` lines
//   of stdin, the devices of the last reading) and of the named ones (the host ends of the containers
//   the event named), plus the list of device names (`host-links`), so the reader drops what is gone
//   and keeps the rest from the last reading. A full read (`host-ip`) costs ~0.4 s at a thousand veths
//   (and a route query per device walks the whole table: only new and named devices get one). Any
//   doubt (a name outside the safe set, a device gone mid-read) falls back to the full read.
//
// Per namespace it costs one process, `nsenter`, which execs one `ip -batch` running `addr show` and
// the IPv4 and IPv6 routes of all tables (`root 0.0.0.0/0` / `root ::/0` pick the family, since `-4`/`-6`
// are not allowed inside a batch); one `stat` reads every inode at once. Measured on this (loaded) VM:
// ~2.5x a bare fork+exec per namespace; a `stat` per file added ~40%, `nsenter sh -c 'ip; ip; ip'` ~50%,
// three nsenter calls ~100%. Names outside [A-Za-z0-9._@:+=,-] are sent hex-encoded (od), so a newline
// or a fake marker in a file name cannot break the framing.
//
// Only network namespace files are entered: nsenter opens what it is given, and a FIFO planted in a
// namespace folder blocked it (and the capture) for ever. A file is entered only when it lives on nsfs
// (the same device as /proc/self/ns/net, read by the one stat that reads the inodes) and is a regular
// file; anything else is a `not-netns` section (also what Docker leaves of a stopped container's file,
// which costs no nsenter now). Each nsenter runs under `timeout -s KILL` when coreutils or busybox have
// it, so one namespace that does not answer costs NS_TIMEOUT_S, not the whole capture. That second
// process is not free: the script took 637 ms instead of 419 ms for 50 containers here (median of 9).

/** Marker prefix; a marker line is `@@<nonce> <verb> <args…>`. */
export const MARKER = '@@';
export const SCRIPT_VERSION = '2';
/** Seconds one namespace may take to read before it is given up (killed). */
export const NS_TIMEOUT_S = 10;

/** What the script runs inside each namespace, fed to `ip -json -details -stats -batch -`. */
export const IP_BATCH_COMMANDS = [
  'addr show',
  'route show table all root 0.0.0.0/0',
  'route show table all root ::/0',
];

export const KERNEL_SCRIPT = `
N=$1
MODE=$2
REUSE=" \${3-} "
KEEPIN=\${4-}
HOSTPART=\${5-}
LC_ALL=C
export LC_ALL
NL='
'
PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin
export PATH
begin() {
  printf '@@%s begin' "$N"; printf ' %s' "$@"; printf '\\n'
  printf '@@%s begin' "$N" >&2; printf ' %s' "$@" >&2; printf '\\n' >&2
}
end() { printf '\\n@@%s end %s\\n' "$N" "\${1-$?}"; }
ipq() {
  "$@" ip -json -details -stats -batch - <<'NETLENS_EOF'
${IP_BATCH_COMMANDS.join('\n')}
NETLENS_EOF
}
have() { command -v "$1" >/dev/null 2>&1; }
# okdi TEXT: TEXT is <device>:<inode> as stat printed it.
okdi() { case $1 in *[!0-9:]*|*:*:*|:*|*:) return 1 ;; *:*) return 0 ;; *) return 1 ;; esac; }
# to CMD...: CMD under \`timeout -s KILL\` once that is known to work (old busybox wants -t N), probed on
# first use only; without a working timeout, CMD as it is.
T=
to() {
  if [ -z "$T" ]; then if have timeout && timeout 9 true 2>/dev/null; then T=timeout; else T=none; fi; fi
  if [ "$T" = timeout ]; then timeout -s KILL ${NS_TIMEOUT_S} "$@"; else "$@"; fi
}
# reuse WORD HEADER...: when WORD is in $3, print the header as a "cached" section and succeed.
reuse() { w=$1; shift; case $REUSE in *" $w "*) begin "$@" cached; end 0 ;; *) return 1 ;; esac; }
# ipp NAME...: the host's bridges, and addr and routes of these devices, in one ip (-force: a missing
# device fails it, and the host is then read whole).
ipp() {
  { printf 'addr show type bridge\\n'
    for d in "$@"; do
      printf 'addr show dev %s\\nroute show table all root 0.0.0.0/0 dev %s\\nroute show table all root ::/0 dev %s\\n' "$d" "$d" "$d"
    done; } | ip -json -details -stats -force -batch -
}
# enc PATH: the path as the reader decodes it (r:<path>, or x:<hex> for names outside the safe set).
enc() {
  case \${1##*/} in
    *[!A-Za-z0-9._@:+=,-]*) e=x:$(printf '%s' "$1" | od -An -v -tx1 | tr -d ' \\n') ;;
    *) e=r:$1 ;;
  esac
}
# enc of each argument, a line each: one printf when no name needs hex (joined by "/", which no
# file name holds), not a function call per file (~40 ms per update at 1,300 namespace files).
encall() {
  o=$IFS; IFS=/; a="$*"; IFS=$o
  case $a in
    *[!A-Za-z0-9._@:+=,/-]*) for f in "$@"; do enc "$f"; printf '%s\\n' "$e"; done ;;
    *) printf 'r:%s\\n' "$@" ;;
  esac
}
# Builtins only: a process costs ~10 ms on a small VM, and these run on every capture.
line() { IFS= read -r l < "$1" && printf '%s\\n' "$l"; }
osr() { while IFS= read -r l || [ -n "$l" ]; do case $l in PRETTY_NAME=*) printf '%s\\n' "\${l#PRETTY_NAME=}" ;; esac; done < "$1"; }
# docker-proxy processes: dockerd's children when its pid file says where (cheap on a host with
# thousands of processes), else every process; their command lines in one grep (NUL-separated args).
# (Collected in a string, not with set -- "$@" per process: that copied the list each time.)
# Reading a process's cmdline waits for its memory map lock, which a process stuck in the kernel can
# hold for ever: the reader runs under the per-namespace timeout like ss (comm is read without it).
# Rootless Docker: the wrapper that entered RootlessKit's namespaces names its dockerd (there
# /var/run/docker.pid is the rootful daemon's, seen through RootlessKit's copy of /run), and each
# docker-proxy is a grandchild: dockerd runs rootlesskit-docker-proxy (comm cut to 15 bytes), which asks
# RootlessKit to forward the port from the real host and runs docker-proxy inside.
proxies() {
  pids=
  d=\${NETLENS_ROOTLESS_DOCKERD-}
  [ -n "$d" ] || IFS= read -r d 2>/dev/null < /var/run/docker.pid
  case $d in ''|*[!0-9]*) d= ;; esac
  if [ -n "$d" ] && [ -r "/proc/$d/task/$d/children" ]; then
    for t in /proc/$d/task/*/children; do k=; IFS= read -r k 2>/dev/null < "$t"; pids="$pids $k"; done
  else
    for p in /proc/[0-9]*; do pids="$pids \${p#/proc/}"; done
  fi
  if [ -n "\${NETLENS_ROOTLESS_DOCKERD-}" ]; then
    more=
    for p in $pids; do
      case $p in *[!0-9]*) continue ;; esac
      c=; IFS= read -r c 2>/dev/null < "/proc/$p/comm"
      [ "$c" = rootlesskit-doc ] || continue
      for t in /proc/$p/task/*/children; do k=; IFS= read -r k 2>/dev/null < "$t"; more="$more $k"; done
    done
    pids="$pids $more"
  fi
  files=
  case $IN in *"p "[0-9]*) kp=1 ;; *) kp= ;; esac
  if [ -n "$kp" ] && have awk && out=$( { printf '%s\\n' "$IN"; echo "--- ---"; printf '%s\\n' $pids; } | awk '
      $0 == "--- ---" { s = 1; next }
      s == 0 { if (substr($0, 1, 2) == "p ") k[substr($0, 3)] = 1; next }
      /^[0-9]+$/ { f = "/proc/" $0 "/comm"; c = ""
        if ((getline c < f) > 0 && c == "docker-proxy") { if ($0 in k) known[++nk] = $0; else new = new " /proc/" $0 "/cmdline" }
        close(f) }
      END { printf "+%s\\n", new; for (j = 1; j <= nk; j++) printf "= %s\\n", known[j] }'); then
    # An update that knows some docker-proxy pids (stdin's p lines): one awk reads every child's comm
    # and names each known one (= <pid>: its command line stands) instead of reading it again; a
    # docker-proxy never execs, so a pid's command line is what it was (pid reuse: a refresh re-reads).
    # Its first line lists the new ones (a read loop over its lines cost dash ~15 us a line).
    files=\${out%%"$NL"*}
    files=\${files#+}
    case $out in *"$NL"*) printf '%s\\n' "\${out#*"$NL"}" ;; esac
  else
    for p in $pids; do
      case $p in *[!0-9]*) continue ;; esac
      c=; IFS= read -r c 2>/dev/null < "/proc/$p/comm"
      [ "$c" = docker-proxy ] && files="$files /proc/$p/cmdline"
    done
  fi
  [ -n "$files" ] || return 0
  set -f; set -- $files; set +f
  grep -q -z -e x /dev/null 2>/dev/null
  # The status of the reader, not of tr, through fd 3; grep's 1 (no line) is not a failure.
  if [ $? -le 1 ]; then
    { rc=$( { { to grep -a -H -z -e . -- "$@" 2>/dev/null; echo $? >&3; } | tr '\\0' '\\n' >&4; } 3>&1); } 4>&1
    [ "$rc" = 1 ] && rc=0
  else
    rc=0
    for f; do
      { r=$( { { to tr '\\0' '\\n' 2>/dev/null < "$f"; echo $? >&3; } | while IFS= read -r a; do printf '%s:%s\\n' "$f" "$a"; done >&4; } 3>&1); } 4>&1
      [ "$r" = 0 ] || rc=$r
    done
  fi
  return "$rc"
}
printf '@@%s start ${SCRIPT_VERSION} %s\\n' "$N" "$MODE"
printf '@@%s start ${SCRIPT_VERSION} %s\\n' "$N" "$MODE" >&2

begin hostname; line /proc/sys/kernel/hostname; end
begin kernel; line /proc/sys/kernel/osrelease; end
begin os; if [ -r /etc/os-release ]; then osr /etc/os-release; else osr /usr/lib/os-release; fi; end
reuse uid uid || { begin uid; id -u; end; }
hs=$(stat -L -c %d:%i /proc/self/ns/net 2>/dev/null || stat -L -c %d:%i /proc/1/ns/net); hc=$?
hd=\${hs%%:*}; hi=\${hs#*:}
begin host-inode; printf '%s' "$hi"; end $hc
# An update's stdin (k and h lines, see the header), read once.
IN=
if [ "$KEEPIN" = - ] || [ -n "$HOSTPART" ]; then IN=$(cat); fi
# The host in part (see the header), else whole.
part=
# An event update ($5 given): what the namespace scan trusts does not hang on the host part, which
# falls back to a full read whenever a device goes between the listing and its read (under a churn,
# nearly every update: a new veth's container end is moved into its namespace meanwhile). Tied to
# it, the scan stat'ed every file in the shell instead: >120 s, the exec's timeout, at 1,400 files.
event=
case $HOSTPART in +*) event=1 ;; esac
case $HOSTPART in
  +*) if [ -d /sys/class/net ] && have awk; then
    set -f; set -- $HOSTPART; set +f; shift
    # One printf and awk, not a test and printf per device (a thousand veths: ~30 ms of shell).
    links=$(printf '%s\\n' /sys/class/net/* | awk '{ sub(/^\\/sys\\/class\\/net\\//, ""); if ($0 != "*") print }')
    # New devices (not among the h lines), then the named ones still there; "!" marks an unsafe name.
    part=$( { printf '%s\\n' "$IN"; echo "--- ---"; printf '%s\\n' "$links"; echo "--- ---"; printf '%s\\n' "$@"; } | awk '
      function add(n) { if (n in seen) return; seen[n] = 1; printf " %s", (n ~ /^[A-Za-z0-9._@-]+$/) ? n : "!" }
      $0 == "--- ---" { s++; next }
      s == 0 { if (substr($0, 1, 2) == "h ") known[substr($0, 3)] = 1; next }
      s == 1 { now[$0] = 1; if (!($0 in known)) add($0); next }
      s == 2 && ($0 in now) { add($0) }
      END { printf " ." }')
    case $part in *!*|'') part= ;; esac
  fi ;;
esac
if [ -n "$part" ]; then
  set -f; set -- \${part% .}; set +f
  begin host-links; printf '%s\\n' "$links"; end 0
  out=$(ipp "$@") && { begin host-part "$@"; printf '%s\\n' "$out"; end 0; } || part=
fi
[ -n "$part" ] || { begin host-ip; ipq; end; }
# What delivers traffic besides NAT rules (host namespace): the sysctls that decide paths, the
# listening sockets, and the docker-proxy processes. Builtins only, apart from ss and one grep; an
# update that touches no published port reuses them.
# (A /proc/sys file ends at its value without a newline for a one-byte reader such as dash's read,
# so read's status is not looked at: an empty value means unreadable.)
if reuse sysctl sysctl; then :; else
begin sysctl
for f in ipv4/ip_forward ipv6/conf/all/forwarding bridge/bridge-nf-call-iptables bridge/bridge-nf-call-ip6tables; do
  v=-; IFS= read -r v 2>/dev/null < "/proc/sys/net/$f"; printf 'net/%s %s\\n' "$f" "$v"
done
[ -d /proc/sys/net/bridge ] || printf 'bridge missing\\n'
for d in /proc/sys/net/ipv4/conf/*; do
  for k in route_localnet rp_filter; do
    v=; IFS= read -r v 2>/dev/null < "$d/$k"; [ -z "$v" ] || printf 'conf %s %s %s\\n' "$k" "$v" "\${d##*/}"
  done
done
end 0
fi
if reuse listen listen; then :
elif have ss; then
  begin listen ss; to ss -H -l -n -t -u
  end
else
  begin listen proc
  for f in tcp tcp6 udp udp6; do
    printf '# %s\\n' "$f"; while IFS= read -r l; do printf '%s\\n' "$l"; done 2>/dev/null < "/proc/net/$f"
  done
  end 0
fi
reuse proxy proxy || { begin proxy; proxies; end; }

# (Rootless Podman's wrapper sets NETLENS_NO_FIREWALL: this namespace's firewall is the real host's.)
if [ -z "\${NETLENS_NO_FIREWALL-}" ]; then
for fw in iptables-legacy-save ip6tables-legacy-save iptables-nft-save ip6tables-nft-save; do
  if reuse "$fw" fw "$fw"; then :
  elif have "$fw"; then begin fw "$fw"; "$fw" -c; end; else begin fw "$fw" missing; end 127; fi
done
if reuse nft-ruleset fw nft-ruleset; then :
elif have nft; then begin fw nft-ruleset; nft -j list ruleset; end; else begin fw nft-ruleset missing; end 127; fi
if reuse iptables-version iptables-version; then :
elif have iptables; then begin iptables-version; iptables -V; end; else begin iptables-version missing; end 127; fi
fi

if have nsenter; then ns=1; else ns=0; fi
if have bridge; then br=1; else br=0; fi
if have iptables-save; then ips=1; else ips=0; fi
KEEP=' '
# The kept lines for an awk-less host (see below): a case on them per file, fine for a few.
if [ "$KEEPIN" = - ] && ! have awk; then
  while IFS= read -r l; do case $l in "k "*) KEEP="$KEEP\${l#k } " ;; esac; done <<NETLENS_IN
$IN
NETLENS_IN
fi
# one FILE KEPT STAT: one namespace file; KEPT is the inode its last reading holds (or -), STAT its
# <device>:<inode> when the caller stat'ed it already.
one() {
  f=$1; k=$2; i=$3; sc=0
  [ -e "$f" ] || [ -L "$f" ] || return 0
  okdi "$i" || { i=$(stat -L -c %d:%i -- "$f" 2>&1); sc=$?; }
  okdi "$i" || [ $sc -ne 0 ] || sc=1
  enc "$f"
  if [ $sc -ne 0 ]; then begin ns "$e" - stat-failed; printf '%s\\n' "$i" >&2; end $sc; return 0; fi
  dv=\${i%%:*}; i=\${i#*:}
  if { [ -n "$hd" ] && [ "$dv" != "$hd" ]; } || [ ! -f "$f" ]; then begin ns "$e" "$i" not-netns; end 0; return 0
  elif [ "$i" = "$hi" ]; then begin ns "$e" "$i" host; end 0; return 0; fi
  # Swarm's overlay namespaces (<n>-<network id>): vxlan0's forwarding entries name the remote VTEPs.
  case \${f##*/} in [0-9]*-*) if [ $ns -eq 1 ] && [ $br -eq 1 ]; then begin fdb "$e" "$i"; to nsenter --net="$f" bridge -j fdb show; end; fi ;; esac
  # Swarm's routing-mesh sandboxes: the IPVS table (/proc/net is the reader's namespace's; absent
  # without ip_vs) and the mangle marks that choose its services. Read fresh like the fdb.
  case \${f##*/} in ingress_sbox|lb_*) if [ $ns -eq 1 ]; then
    begin ipvs "$e" "$i"; to nsenter --net="$f" cat /proc/net/ip_vs; end
    if [ $ips -eq 1 ]; then begin mangle "$e" "$i"; to nsenter --net="$f" iptables-save -t mangle; end; fi
  fi ;; esac
  # A kept namespace: one printf and no stderr marker (there is no stderr).
  case "$k $KEEP" in "$i "*|*" $i=$e "*) printf '@@%s begin ns %s %s cached\\n\\n@@%s end 0\\n' "$N" "$e" "$i" "$N"; return 0 ;; esac
  if [ $ns -eq 0 ]; then begin ns "$e" "$i" no-nsenter; end 127
  else
    begin ns "$e" "$i" read; ipq to nsenter --net="$f"
    end
  fi
}
# scan FILE...: the namespace files of one glob of one folder (a glob that matched nothing is one
# word naming no file). A folder is passed straight from its glob: collecting every file first with
# set -- "$@" "$f" copied the list once per file (~0.5 s at a thousand namespaces).
scan() {
  [ $# -eq 1 ] && [ ! -e "$1" ] && [ ! -L "$1" ] && return 0
  # An update: one awk pairs the files with stdin's k lines and, after events ($5 given),
  # prints the cached section of every kept file under Docker's folder itself (not Swarm's overlay
  # and mesh ones, whose fdb, IPVS table and marks are read each time), leaving the shell the others as "<index>:<kept inode or ->"
  # words on its first line (1,000 files: ~10 ms, against ~0.1 s of shell work per file). A refresh
  # stats every file.
  todo=
  trust=0
  [ -n "$event" ] && trust=1
  if [ "$KEEPIN" = - ] && have awk; then
    out=$( { printf '%s\\n' "$IN"; echo "--- ---"; encall "$@"; } |
      awk -v n="$N" -v trust="$trust" 's == 0 && $0 == "--- ---" { s = 1; next }
        s == 0 { if (substr($0, 1, 2) != "k ") next; p = index($0, "="); if (p > 3) k[substr($0, p + 1)] = substr($0, 3, p - 3); next }
        { i++; b = $0; sub(/.*\\//, "", b)
          if (trust && ($0 in k) && index($0, "r:/var/run/docker/netns/") == 1 && b !~ /^([0-9].*-|ingress_sbox$|lb_)/) c[++nc] = sprintf("@@%s begin ns %s %s cached\\n\\n@@%s end 0\\n", n, $0, k[$0], n)
          else t = t " " i ":" (($0 in k) ? k[$0] : "-") }
        END { printf "@@%s todo%s .\\n", n, t; for (j = 1; j <= nc; j++) printf "%s", c[j] }') && {
      # (Splitting at the first newline: a pattern at the end of 0.2 MB cost dash ~10 ms.)
      todo=\${out%%"$NL"*}
      todo=\${todo#"@@$N todo"}
      case $out in *"$NL"*) printf '%s\\n' "\${out#*"$NL"}" ;; esac
    }
  fi
  # After events, only the files left to read, each found by its index (the others cost no shell work).
  if [ $trust -eq 1 ] && [ -n "$todo" ]; then
    for t in $todo; do
      x=\${t%%:*}
      case $x in ''|*[!0-9]*) continue ;; esac
      eval "f=\\\${$x}"
      one "$f" "\${t#*:}" ""
    done
    return 0
  fi
  # One stat for all files; its lines line up with the files only when it succeeded for every one.
  sts=
  if sts=$(stat -L -c %d:%i -- "$@" 2>/dev/null); then sts=$sts$NL; else sts=; fi
  n=0
  for f in "$@"; do
    i=
    k=-
    n=$((n + 1))
    if [ -n "$sts" ]; then i=\${sts%%"$NL"*}; sts=\${sts#*"$NL"}; fi
    # The words of todo come in file order: this file has the next one or none. (Looking it up with
    # \${todo#*" $n:"} costs dash the square of todo's length: >120 s, the exec's timeout, for a
    # refresh of 1,400 files.)
    if [ -n "$todo" ]; then
      w=\${todo# }; w=\${w%% *}
      [ "\${w%%:*}" = "$n" ] || continue
      k=\${w#*:}; todo=\${todo# }; todo=\${todo#"$w"}
    fi
    one "$f" "$k" "$i"
  done
}
# Docker's folder, iproute2's (Podman's rootful netns-* and ip netns add), each user's (rootless Podman,
# and rootless Docker's exec root, seen from inside RootlessKit's namespaces).
# Inside rootless Podman's user namespace only its user's folder (named by its wrapper) is its own.
if [ -n "\${NETLENS_ONLY_NETNS-}" ]; then set -- "$NETLENS_ONLY_NETNS"
else set -- /var/run/docker/netns /var/run/netns /var/run/user/[0-9]*/netns /var/run/user/[0-9]*/docker/netns; fi
for d in "$@"; do
  case $d in *'*'*) continue ;; esac
  if [ ! -d "$d" ]; then
    # /var/run/docker is 0700: to anyone else its netns folder looks absent, not unreadable.
    if [ -d "\${d%/*}" ] && [ ! -x "\${d%/*}" ]; then st=unreadable; else st=missing; fi
    begin netns-dir "$d" "$st"; end 0; continue
  fi
  if [ ! -r "$d" ] || [ ! -x "$d" ]; then begin netns-dir "$d" unreadable; end 0; continue; fi
  begin netns-dir "$d" ok; end 0
  scan "$d"/*
  scan "$d"/.[!.]*
  scan "$d"/..?*
done
printf '@@%s done\\n' "$N"
exit 0
`;

/**
 * Used when commands do not run as root: try the script under `sudo -n`, and if sudo is missing or
 * refuses, run it unprivileged — still in the same single exec. $1 = KERNEL_SCRIPT, $2 = nonce, then
 * the update arguments ($3-$5 of the script), if any; stdin passes through (sudo -n refuses before
 * reading it).
 */
export const SUDO_WRAPPER = `
s=$1
n=$2
if command -v sudo >/dev/null 2>&1; then
  printf '@@%s sudo-try\\n' "$n" >&2
  sudo -n sh -c "$s" netlens-kernel "$n" sudo "\${3-}" "\${4-}" "\${5-}" && exit 0
  c=$?
else
  c=127
fi
printf '@@%s sudo-failed %s\\n' "$n" "$c"
printf '@@%s sudo-failed %s\\n' "$n" "$c" >&2
exec sh -c "$s" netlens-kernel "$n" none "\${3-}" "\${4-}" "\${5-}"
`;

/** What an update may take from the last reading instead of running again (see the header). */
export interface KernelReuse {
  /** `uid`, `iptables-version` and firewall command names (`iptables-nft-save`, `nft-ruleset`, …). */
  sections: string[];
  /** `<inode>=<encoded path>` of namespaces whose last reading still holds (sent on stdin). */
  namespaces: string[];
  /** docker-proxy pids whose command line the last reading holds (read again only when new). */
  proxies?: number[];
  /** Read the host in part: its bridges, devices not among `known` (the last reading's), these named ones. */
  host?: { known: string[]; names: string[] };
}

/** One collection round trip: the argument vector and what goes to its stdin. */
export interface KernelCommand {
  argv: string[];
  stdin: string;
}

const REUSABLE = /^(uid|iptables-version|(ip6?tables-(legacy|nft)-save)|nft-ruleset|sysctl|listen|proxy)$/;
const KEEP_TOKEN = /^[0-9]{1,20}=(r:\/[A-Za-z0-9._@:+=,/-]{1,4096}|x:[0-9a-f]{2,8192})$/;
/** Interface names the script may put in an `ip` batch line (others make it read the host whole). */
export const SAFE_IFNAME = /^[A-Za-z0-9._@-]{1,15}$/;

/**
 * The command for one collection round trip. The nonce must be hex (it is put in argv only). `sudo`
 * false (a host saved with "never use sudo -n") runs the script unprivileged without trying sudo.
 */
export function kernelCommand(
  nonce: string,
  asRoot: boolean,
  reuse?: KernelReuse,
  sudo = true,
): KernelCommand {
  if (!/^[0-9a-f]{8,64}$/.test(nonce)) throw new Error('kernel script nonce must be 8-64 hex digits');
  const extra: string[] = [];
  let stdin = '';
  if (reuse) {
    // Only words from fixed lists and tokens the script itself printed (validated again) reach it.
    const host = reuse.host;
    const bad = [
      ...reuse.sections.filter((w) => !REUSABLE.test(w)),
      ...reuse.namespaces.filter((t) => !KEEP_TOKEN.test(t)),
      ...(host ? [...host.names, ...host.known].filter((n) => !SAFE_IFNAME.test(n)) : []),
    ];
    if (bad.length > 0)
      throw new Error(`kernel script: refusing reuse arguments ${JSON.stringify(bad.slice(0, 3))}`);
    // Kept namespaces and the host's devices go on stdin (see the header).
    const pids = (reuse.proxies ?? []).filter((p) => Number.isSafeInteger(p) && p > 0);
    stdin = [
      ...reuse.namespaces.map((t) => `k ${t}\n`),
      ...(host?.known ?? []).map((n) => `h ${n}\n`),
      ...pids.map((p) => `p ${String(p)}\n`),
    ].join('');
    extra.push(
      reuse.sections.join(' '),
      reuse.namespaces.length > 0 || pids.length > 0 ? '-' : '',
      host ? ['+', ...host.names].join(' ') : '',
    );
  }
  const argv = asRoot
    ? ['sh', '-c', KERNEL_SCRIPT, 'netlens-kernel', nonce, 'root', ...extra]
    : sudo
      ? ['sh', '-c', SUDO_WRAPPER, 'netlens-wrapper', KERNEL_SCRIPT, nonce, ...extra]
      : ['sh', '-c', KERNEL_SCRIPT, 'netlens-kernel', nonce, 'none', ...extra];
  return { argv, stdin };
}

/** The argument vector alone (a full reading has nothing on stdin). */
export function kernelArgv(nonce: string, asRoot: boolean, reuse?: KernelReuse): string[] {
  return kernelCommand(nonce, asRoot, reuse).argv;
}
