#!/bin/bash
# Try footdesk's .deb the way a person gets it, in a clean Debian 12 made here:
#
#   sudo packaging/try_deb.sh dist/footdesk_0.1.0_amd64.deb [dist/footdesk_0.1.1_amd64.deb]
#
# It makes /var/tmp/footdesk-try/root (FOOTDESK_TRY_DIR=... for another folder) with
# `debootstrap --variant=minbase bookworm` (once; kept clean as root.clean, which may be a link
# to a clean root made before), then in a fresh copy: `apt install ./the.deb` with nothing else installed
# by hand; starts footdesk from the desktop entry's Exec line on an Xvfb display of this machine
# (the window must show: footdesk's log says so) and takes a screenshot; runs a routine's first
# seconds (the entry's "Start the routine" action, with --routine); `apt remove`: the person's
# settings, routines and history must still be there, untouched; installs it again: the history
# must be back; and, given a second .deb, upgrades to it: the same. Exit 0 when all of that holds.
# Needs root, debootstrap, Xvfb (xvfb) and the network (Debian's mirror); `import` (imagemagick)
# for the screenshot, if it is there.
set -euo pipefail
deb=$(realpath "$1")
next=${2:+$(realpath "$2")}
work=${FOOTDESK_TRY_DIR:-/var/tmp/footdesk-try}
root=$work/root
person=ana
say() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

mkdir -p "$work"
if [ ! -d "$work/root.clean" ]; then
    say "debootstrap --variant=minbase bookworm"
    debootstrap --variant=minbase bookworm "$work/root.clean" http://deb.debian.org/debian >"$work/debootstrap.log"
fi
display=""
cleanup() {
    set +e
    [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null
    for mount in "$root/tmp/.X11-unix" "$root/proc" "$root/sys" "$root/dev"; do
        mountpoint -q "$mount" && umount -R "$mount"
    done
}
trap cleanup EXIT
# the copy is of root.clean's contents ("/."): where root.clean is a link to a
# clean root kept elsewhere, "cp -a" of the link itself would copy the link, and
# the package would be installed into that clean root
rm -rf "$root" && mkdir "$root" && cp -a "$work/root.clean/." "$root/"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"
mount --rbind /sys "$root/sys" && mount --make-rslave "$root/sys"
cp /etc/resolv.conf "$root/etc/resolv.conf"
for n in $(seq 140 199); do  # a display nobody else uses
    if [ ! -e "/tmp/.X$n-lock" ] && [ ! -e "/tmp/.X11-unix/X$n" ]; then display=:$n; break; fi
done
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
mkdir -p "$root/tmp/.X11-unix" && mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix"

as_person() { chroot --userspec=$person:$person "$root" env -i HOME=/home/$person USER=$person \
    PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 DISPLAY="$display" "$@"; }
install_deb() {
    cp "$1" "$root/tmp/"
    chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y "/tmp/$(basename "$1")" >>"$work/apt.log" 2>&1 \
        || fail "apt install $(basename "$1"): see $work/apt.log"
}
history_ids() { as_person footdesk history --json | python3 -c 'import json,sys; print(" ".join(str(s["id"]) for s in json.load(sys.stdin)))'; }
person_files() { (cd "$root/home/$person" && find .config/footdesk .local/share/footdesk -type f ! -name "*-shm" ! -name "*-wal" -print0 | sort -z | xargs -0 md5sum); }
exec_line() {  # the entry's Exec= line (the first one, or the one after [Desktop Action NAME])
    awk -v action="$1" '/^\[/{section=$0} /^Exec=/{ if ((action=="" && section=="[Desktop Entry]") || section=="[Desktop Action " action "]") { sub(/^Exec=/, ""); print; exit } }' \
        "$root/usr/share/applications/io.github.footdesk.footdesk.desktop"
}
wait_in_log() {
    local log=$root/home/$person/.cache/footdesk/log/footdesk.log
    for _ in $(seq 300); do grep -q "$1" "$log" 2>/dev/null && return 0; sleep 0.1; done
    fail "footdesk's log never said '$1': $(tail -5 "$log" 2>/dev/null)"
}
run_from_menu() {  # $1: the entry's action ("" for the main entry), then extra arguments
    local action=$1; shift
    rm -f "$root/home/$person/.cache/footdesk/log/footdesk.log"
    as_person sh -c "$(exec_line "$action") $*" >"$work/footdesk.out" 2>&1 &
    wait_in_log "window shown"
}
end_footdesk() {  # like a logout: SIGTERM to the footdesk running in the root
    local pid
    for pid in $(pgrep -f "^/usr/bin/python3 -IS /usr/bin/footdesk"); do
        [ "$(readlink "/proc/$pid/root")" = "$root" ] && kill -TERM "$pid"
    done
    for _ in $(seq 100); do
        pgrep -f "^/usr/bin/python3 -IS /usr/bin/footdesk" | while read -r pid; do
            [ "$(readlink "/proc/$pid/root")" = "$root" ] && echo "$pid"
        done | grep -q . || return 0
        sleep 0.1
    done
    fail "footdesk did not end after SIGTERM"
}

say "apt install ./$(basename "$deb") into a clean Debian 12"
chroot "$root" apt-get update -qq >"$work/apt.log" 2>&1
install_deb "$deb"
chroot "$root" dpkg-query -W -f='${Package} ${Version} ${Installed-Size} KiB\n' footdesk
chroot "$root" du -sh /usr/lib/footdesk
chroot "$root" useradd -m $person

say "started from the desktop entry's Exec line ($(exec_line "")) on $display"
mkdir -p "$root/home/$person/.local/state/footdesk" "$root/home/$person/.config/footdesk"
echo '{"welcome_seen": true}' >"$root/home/$person/.local/state/footdesk/app-state.json"
printf '# mine\n[session]\nget_ready = 0\n' >"$root/home/$person/.config/footdesk/settings.toml"
chroot "$root" chown -R $person:$person /home/$person
run_from_menu ""
if command -v import >/dev/null; then
    sleep 1 && DISPLAY=$display import -window root "$work/first-window.png" && echo "screenshot: $work/first-window.png"
fi
end_footdesk

say "a routine's first seconds (the entry's Start the routine action, --routine try)"
cat >"$root/tmp/try.toml" <<'ROUTINE'
schema = 2
id = "try"
title = "Try it"

[[steps]]
id = "stand"
title = "Stand"
timing = "timed"
seconds = 30
instructions = ["Stand."]
ROUTINE
chmod 644 "$root/tmp/try.toml"
as_person footdesk routine import /tmp/try.toml
run_from_menu start --routine try
sleep 3
command -v import >/dev/null && DISPLAY=$display import -window root "$work/routine.png"
end_footdesk
ids=$(history_ids)
[ -n "$ids" ] || fail "no session was recorded"
echo "history: sessions $ids"
before=$(person_files)

say "apt remove footdesk"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get remove -y footdesk >>"$work/apt.log" 2>&1
[ ! -e "$root/usr/bin/footdesk" ] && [ ! -e "$root/usr/lib/footdesk" ] || fail "apt remove left the program"
[ "$(person_files)" = "$before" ] || fail "the person's files changed on removal"
echo "the person's settings, routines and history are there, unchanged"

say "installed again"
install_deb "$deb"
[ "$(history_ids)" = "$ids" ] || fail "the history is not back: $(history_ids)"
echo "history: sessions $(history_ids)"

if [ -n "$next" ]; then
    say "upgraded to $(basename "$next")"
    install_deb "$next"
    chroot "$root" dpkg-query -W -f='${Package} ${Version}\n' footdesk
    [ "$(history_ids)" = "$ids" ] && [ "$(person_files)" = "$before" ] || fail "the upgrade lost the person's files"
    as_person footdesk routine list | grep -q "^try " || fail "the routine is gone after the upgrade"
    echo "history, settings and routines kept"
fi
say "all good"
