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

def compare(prefix, schema_names, what, least):
    mine = set(defines(prefix).values())
    for n in sorted(schema_names - mine):
        print("# in the schema, no %s define: %s" % (prefix, n))
    for n in sorted(mine - schema_names):
        print("# a %s define the schema lacks: %s" % (prefix, n))
    report(mine == schema_names and len(mine) >= least,
           "ctrl_proto.h %s and the schema name the same %d %s" %
           (prefix, len(schema_names), what))

compare("CTRL_KEY_", keys, "keys", 30)
compare("CTRL_VAL_", words, "values", 10)

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
