#!/bin/sh
# docs.sh -- the documentation's cross-references resolve.
#
# Every `docs/references.md §N.M` cited in the sources, labs and validation
# tables names a section that has its anchor (<a id="sN.M">), and every
# relative link in a Markdown file of the repository points to a file that
# exists (and, into references.md, to an anchor that exists).  Run from the
# project root.
fail=0
refs=docs/references.md
[ -f "$refs" ] || { echo "FAIL: $refs missing"; exit 1; }
anchors=$(grep -o '<a id="s[0-9.]*">' "$refs" | sed 's/<a id="\(s[0-9.]*\)">/\1/')
has_anchor() { printf '%s\n' "$anchors" | grep -qx "$1"; }

# 1. citations in code, tests, labs: "references.md §3.4" or "§3.1-3.3"
cites=$(grep -rhoE 'references\.md`? §[0-9](\.[0-9])?' sim models tests scenarios analysis README.md 2>/dev/null |
        sed 's/.*§//' | sort -u)
n=0
for c in $cites; do
    n=$((n + 1))
    has_anchor "s$c" || { echo "FAIL: cited section §$c has no anchor in $refs"; fail=1; }
done
[ "$n" -gt 10 ] || { echo "FAIL: only $n distinct citations of $refs found"; fail=1; }

# 2. relative Markdown links
for md in $(find . -name '*.md' -not -path './.git/*' -not -path './build*'); do
    dir=$(dirname "$md")
    for link in $(grep -oE '\]\([^)#: ]+(#[^) ]*)?\)' "$md" | sed 's/^](\(.*\))$/\1/'); do
        file=${link%%#*}
        case $link in *'#'*) frag=${link#*#} ;; *) frag= ;; esac
        [ -e "$dir/$file" ] || { echo "FAIL: $md links to missing $file"; fail=1; continue; }
        if [ -n "$frag" ] && [ "$(basename "$file")" = references.md ]; then
            has_anchor "$frag" || { echo "FAIL: $md links to missing anchor #$frag"; fail=1; }
        fi
    done
done
# 3. the shared design notes are not part of the product
if grep -rn 'shared/DESIGN\|shared/REFERENCE\|REFERENCE\.md' sim models tests scenarios analysis README.md man \
     --exclude=docs.sh >/dev/null 2>&1; then
    echo "FAIL: a citation still points outside the repository:"
    grep -rn 'shared/DESIGN\|shared/REFERENCE\|REFERENCE\.md' sim models tests scenarios analysis README.md man --exclude=docs.sh
    fail=1
fi
[ $fail = 0 ] && echo "docs.sh: $n cited sections and every relative link resolve"
exit $fail
