#!/bin/sh
# Fails when po/zh_CN.po is not complete: a source string without a
# translation, or a fuzzy or untranslated entry. The cadres read Chinese.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$src"
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --files-from=po/POTFILES.in --output="$tmp/kuiduo.pot" 2>"$tmp/xgettext.log" || {
  cat "$tmp/xgettext.log" >&2; exit 1; }

status=0
if ! msgcmp --use-untranslated po/zh_CN.po "$tmp/kuiduo.pot" 2>"$tmp/msgcmp.log"; then
  echo "po/zh_CN.po lacks strings that the sources use:" >&2
  cat "$tmp/msgcmp.log" >&2
  status=1
fi
stats=$(msgfmt --check --statistics -o /dev/null po/zh_CN.po 2>&1)
case "$stats" in
  *untranslated*|*fuzzy*) echo "po/zh_CN.po is incomplete: $stats" >&2; status=1 ;;
esac
echo "zh_CN: $stats"
exit $status
