#!/usr/bin/env bash
# Rebuilds the bundled corpora (english.txt, chinese.txt, tiny.txt) from Debian
# packages, as described in corpora/README.md. Needs apt-get (run `apt-get update`
# first), dpkg-deb and perl; works in a temporary directory and writes only the
# three .txt files next to this script. Deterministic: the same package versions
# give byte-identical files.
#
#   english.txt  fortunes     every line of every English cookie file except the
#                             ASCII-art one (ascii-art), one line per example
#   chinese.txt  fortunes-zh  every verse line of tang300 (300 Tang poems) and
#                             song100 (100 Song poems); titles and authors dropped
#   tiny.txt     english.txt  every 200th line, the first 100 such lines
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
chmod 755 "$work"   # lets apt's sandbox user write the downloads

apt-get download fortunes fortunes-zh
for deb in ./*.deb; do dpkg-deb -x "$deb" root; done
dpkg-deb -f ./fortunes_*.deb Package Version
dpkg-deb -f ./fortunes-zh_*.deb Package Version
cookies="root/usr/share/games/fortunes"

# clean_lines MAXLEN: one example per input line. Removes ANSI colour escapes,
# turns tabs and runs of white space into one space, trims, and drops: cookie
# separators (%), empty lines, lines longer than MAXLEN characters, and lines in
# which letters are fewer than half of the non-space characters (ASCII art,
# tables, rules). Then drops exact duplicates, keeping the first.
clean_lines() {
    perl -CSD -ne '
        BEGIN { $max = shift @ARGV }
        chomp; s/\r$//;
        s/\e\[[0-9;]*[A-Za-z]//g;
        s/[\t ]+/ /g; s/^ //; s/ $//;
        next if $_ eq "" || $_ eq "%";
        next if length($_) > $max;
        my $nonspace = () = /\S/g;
        my $letters = () = /\p{L}/g;
        next if $letters * 2 < $nonspace;
        next if $seen{$_}++;
        print "$_\n";
    ' "$1"
}

# English: the cookie files in name order (C collation), skipping the .dat
# indexes, the .u8 symlinks and ascii-art.
find "$cookies" -maxdepth 1 -type f ! -name '*.dat' ! -name '*.u8' \
    ! -name ascii-art ! -name chinese ! -name tang300 ! -name song100 \
    -printf '%f\n' | LC_ALL=C sort | sed "s|^|$cookies/|" | xargs cat \
    | clean_lines 80 > english.txt

# Chinese: verse lines only. Title (题目, 《…》) and author (作者) lines are the
# ones the package colours with escape sequences; drop every line holding one.
cat "$cookies/tang300" "$cookies/song100" | grep -v $'\e' | clean_lines 80 > chinese.txt

awk 'NR % 200 == 1 && n++ < 100' english.txt > tiny.txt

for f in english.txt chinese.txt tiny.txt; do
    cp "$f" "$here/$f"
    printf '%-12s %7d lines %9d bytes %5d distinct characters\n' "$f" \
        "$(wc -l < "$f")" "$(wc -c < "$f")" \
        "$(perl -CSD -ne 'chomp; $c{$_}++ for /\X/g; END { print scalar keys %c }' "$f")"
done
