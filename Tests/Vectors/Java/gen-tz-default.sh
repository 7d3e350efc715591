#!/bin/sh
# Generates tz-default.txt: TZ value (or "unset") TAB Java's default zone ID TAB two Date.toString() samples.
# POSIX rules with DST are left out: Java names them after the offset at the current time.
# The "unset" line depends on the host's /etc/localtime (here a symlink to Etc/UTC).
set -eu
cd "$(dirname "$0")"
javac -d /tmp/tzdefault TzDefault.java
run() { java -cp /tmp/tzdefault TzDefault; }
{
    printf 'unset\t%s\n' "$(env -u TZ java -cp /tmp/tzdefault TzDefault)"
    for tz in "" UTC Etc/UTC GMT Etc/GMT Z JUNK ":/etc/localtime" ":/usr/share/zoneinfo/Asia/Kolkata" ":Europe/Berlin" "posix/Europe/Berlin" \
        "posix/America/New_York" "right/UTC" Europe/London Europe/Berlin America/New_York EST5EDT Asia/Kolkata \
        Etc/GMT-3 Etc/GMT+5 "GMT+05:30" "GMT+5" "GMT-0" "<+0530>-5:30" "EST+5" \
        "XYZ-3" "<-03>3" America/Coyhaique "UTC0" "JST-9"; do
        printf '%s\t%s\n' "$tz" "$(TZ="$tz" run)"
    done
} > tz-default.txt
