#!/bin/sh
# Refreshes po/kuiduo.pot from the sources and merges it into po/zh_CN.po;
# new strings then need their Chinese (tools/check-po.sh says which).
set -eu
cd "$(dirname "$0")/.."
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --package-name=kuiduo --files-from=po/POTFILES.in --output=po/kuiduo.pot
msgmerge --quiet --update --backup=none --no-fuzzy-matching po/zh_CN.po po/kuiduo.pot
msgattrib --no-obsolete -o po/zh_CN.po po/zh_CN.po
