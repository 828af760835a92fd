#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The JSON keys and value words of the control protocol are written twice
# on purpose: as C #defines in userspace/common/ctrl_proto.h (what handsetd
# builds the documents from) and in userspace/common/handsets.schema.json
# (what programs and the tests read).  This test fails when the two name
# different keys or words, when the schema is not a valid JSON Schema, or
# when the document versions differ.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/lib/tap.sh"

H=$top/userspace/common/ctrl_proto.h
S=$top/userspace/common/handsets.schema.json

out=$(/usr/bin/python3 - "$H" "$S" <<'PY' 2>&1
import json, re, sys
import jsonschema

hdr = open(sys.argv[1]).read()
schema = json.load(open(sys.argv[2]))

def defines(prefix):
    return {m.group(1): m.group(2) for m in re.finditer(
        r'^#define\s+(%s\w+)\s+"([^"]*)"' % prefix, hdr, re.M)}

def number(name):
    m = re.search(r'^#define\s+%s\s+(\d+)' % name, hdr, re.M)
    return int(m.group(1)) if m else None

keys, words = set(), set()
def walk(o):
    if isinstance(o, dict):
        for k, v in o.get("properties", {}).items():
            keys.add(k)
        for k in ("required",):
            keys.update(o.get(k, []))
        for v in o.get("dependentRequired", {}).values():
            keys.update(v)
        if isinstance(o.get("const"), str):
            words.add(o["const"])
        for w in o.get("enum", []):
            if isinstance(w, str):
                words.add(w)
        for v in o.values():
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(schema)

bad = 0
def report(ok, what):
    global bad
    print(("ok - " if ok else "not ok - ") + what)
    bad += not ok

try:
    jsonschema.Draft202012Validator.check_schema(schema)
    report(True, "handsets.schema.json is a valid draft 2020-12 schema")
except jsonschema.SchemaError as e:
    report(False, "handsets.schema.json is a valid draft 2020-12 schema")
    print("# " + str(e).splitlines()[0])

hkeys = set(defines("CTRL_KEY_").values())
for k in sorted(keys - hkeys):
    print("# in the schema, no CTRL_KEY_ define: " + k)
for k in sorted(hkeys - keys):
    print("# a CTRL_KEY_ define the schema lacks: " + k)
report(keys == hkeys and len(keys) > 30,
       "ctrl_proto.h CTRL_KEY_ and the schema name the same %d keys" %
       len(keys))

hwords = set(defines("CTRL_VAL_").values())
for w in sorted(words - hwords):
    print("# in the schema, no CTRL_VAL_ define: " + w)
for w in sorted(hwords - words):
    print("# a CTRL_VAL_ define the schema lacks: " + w)
report(words == hwords and len(words) > 10,
       "ctrl_proto.h CTRL_VAL_ and the schema name the same %d values" %
       len(words))

report(number("CTRL_DOC_VERSION") ==
       schema["$defs"]["version"].get("const"),
       "CTRL_DOC_VERSION is the schema's version (%s)" %
       number("CTRL_DOC_VERSION"))
sys.exit(1 if bad else 0)
PY
)
rc=$?
printf '%s\n' "$out"
if [ $rc -ne 0 ] && ! printf '%s\n' "$out" | grep -q '^not ok'; then
	not_ok "the header/schema comparison ran (status $rc)"
fi
exit $rc
