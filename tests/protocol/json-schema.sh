#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The JSON of `handsetctl list --json` and `show --json` is the document of
# userspace/common/handsets.schema.json, and nothing else: with registered
# SIP handsets, a discovered device, both kinds of warning, a configured and
# an auto-created analog handset, both documents validate (Debian's
# python3-jsonschema); the schema rejects the real output with any key
# renamed or a required key removed; every time is ISO 8601 with the
# daemon's UTC offset (a half-hour zone, to catch a mangled offset) and
# names the right instant.  Also handsetd/handsetctl --version.

. "$(dirname "$0")/lib.sh"

hsd_setup
# 104: one digit off the discovered device below, never registered: a
# mac_typo warning.  120: an analog handset on a port this host has not.
HSD_CONF_HANDSETS='
  { user_id = "104"; model = "yealink-t46"; login = "bob"; password = "b0b!";
    mac = "00:15:65:AB:CD:EE"; },
  { user_id = "120"; model = "analog"; port = "sim3"; },'
HSD_CONF_EXTRA='analog = { inside_ports = "builtin"; user_ids = "200-299"; };'
hsd_config
# An analog handset created on an earlier run by an off-hook (the file
# analog.c keeps), so the protocol tier sees an auto-created one too.
cat >"$HSD_STATE/analog-handsets.conf" <<EOF
analog_handsets = (
  { user_id = "200"; port = "sim1"; created = 1764752400L; }
);
EOF
# POSIX TZ, no tzdata needed: UTC+05:30.
TZ=HST-5:30
export TZ
hsd_start || hsd_die "handsetd starts with a valid configuration"
tap_ok "handsetd starts with a valid configuration"

hsd_register r101 phone101 s3cret phone101 600
tap_is "101 registers" "$?" 0
hsd_probe dev t46-lobby nopass t46-lobby \
	"ua=Yealink SIP-T46S 66.86.0.15 00:15:65:ab:cd:ef"
hsd_probe alice alice 'x7!q' alice \
	"ua=Yealink SIP-T46S 66.85.0.5 00:15:65:12:34:57"
tap_is "alice registers from a phone reporting another MAC" \
	"$(hsd_last_code alice)" 200

L=$HSD_TMP/list.json
hsd_ctl list --json >"$L" 2>"$HSD_TMP/err"
tap_is "handsetctl list --json succeeds" "$?" 0
tap_check "list --json validates against handsets.schema.json" \
	hsd_schema_check "$L"

# What the document must hold for the checks below to mean anything.
has()
{
	python3 - "$L" "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
a = d["analog"]
# in parentheses: an expression may span lines
sys.exit(0 if eval("(%s)" % sys.argv[2]) else 1)
EOF
}
tap_check "the document is version 1" has 'd["version"] == 1'
tap_check "it lists 101 registered with a contact" \
	has 'any(h["user_id"] == "101" and h["registered"] and h["contacts"]
		 for h in d["sip_handsets"])'
tap_check "it lists the discovered device 00:15:65:ab:cd:ef" \
	has '"00:15:65:ab:cd:ef" in
		[x["mac"] for x in d["discovered_devices"]]'
tap_check "it warns of the MAC mismatch (102) and the typo (104)" \
	has 'sorted((w["kind"], w["user_id"]) for w in d["warnings"]) ==
		[("mac_mismatch", "102"), ("mac_typo", "104")]'
tap_check "it lists analog handset 120 (configured, port absent)" \
	has 'any(h["user_id"] == "120" and h["origin"] == "configured" and
		 h["hook"] == "absent" for h in a["handsets"])'
tap_check "it lists analog handset 200 (auto-created)" \
	has 'any(h["user_id"] == "200" and h["origin"] == "auto"
		 for h in a["handsets"])'

# Every time in one form: ISO 8601 with this zone's offset, the right instant.
tap_check "every time is ISO 8601 with offset +05:30 and the right instant" \
	python3 - "$L" <<'EOF'
import datetime, json, sys, time
d = json.load(open(sys.argv[1]))
TIME_KEYS = {"generated", "expires", "first_seen", "last_seen", "since",
             "created"}
times = []
def walk(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k in TIME_KEYS and v is not None:
                times.append((k, v))
            walk(v)
    elif isinstance(o, list):
        for v in o:
            walk(v)
walk(d)
bad = [t for t in times if not isinstance(t[1], str) or
       not t[1].endswith("+05:30")]
for t in bad:
    print("# not ISO with +05:30: %s=%r" % t)
now = time.time()
gen = datetime.datetime.fromisoformat(d["generated"]).timestamp()
exp = [datetime.datetime.fromisoformat(c["expires"]).timestamp()
       for h in d["sip_handsets"] for c in h["contacts"]]
auto = [datetime.datetime.fromisoformat(h["created"]).timestamp()
        for h in d["analog"]["handsets"] if h["origin"] == "auto"]
print("# %d times; generated %.0f s from now; expiries in %s s" %
      (len(times), gen - now, [round(e - now) for e in exp]))
sys.exit(0 if times and not bad and abs(gen - now) < 30 and exp and
         all(0 < e - now <= 600 for e in exp) and auto == [1764752400]
         else 1)
EOF

# The schema is strict: the real output with any key renamed fails it, and
# so does it with any key removed that is not optional by design.
tap_check "the schema rejects the output with any key renamed or removed" \
	/usr/bin/python3 - "$HSD_SCHEMA" "$L" <<'EOF'
import copy, json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
v = jsonschema.Draft202012Validator(
    schema, format_checker=jsonschema.FormatChecker())
OPTIONAL = {"location", "since", "expander", "expander_port", "created"}
paths = []
def walk(o, p):
    if isinstance(o, dict):
        for k, x in o.items():
            paths.append(p + [k])
            walk(x, p + [k])
    elif isinstance(o, list):
        for i, x in enumerate(o):
            walk(x, p + [i])
walk(doc, [])
def parent(d, p):
    for k in p[:-1]:
        d = d[k]
    return d
bad = 0
for p in paths:
    for how in ("renamed", "removed"):
        d = copy.deepcopy(doc)
        o = parent(d, p)
        x = o.pop(p[-1])
        if how == "renamed":
            o[p[-1] + "_old"] = x
        elif p[-1] in OPTIONAL:
            continue
        if v.is_valid(d):
            print("# still valid with %s %s" % ("/".join(map(str, p)), how))
            bad += 1
print("# %d keys tried" % len(paths))
sys.exit(1 if bad or len(paths) < 50 else 0)
EOF

S=$HSD_TMP/show.json
for uid in 101 120 200; do
	hsd_ctl show --json "$uid" >"$S" 2>"$HSD_TMP/err"
	tap_is "show --json $uid succeeds" "$?" 0
	tap_check "show --json $uid validates against the schema" \
		hsd_schema_check "$S"
	tap_is "show --json $uid is that handset" \
		"$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["handset"]["user_id"])' "$S")" \
		"$uid"
done
hsd_ctl show --json 999 >"$S" 2>"$HSD_TMP/err"
tap_is "show --json of an unknown user ID fails (status 1)" "$?" 1
hsd_ctl show 200 >"$HSD_TMP/show.txt" 2>&1
tap_check "show 200 (text) names the port of the auto-created handset" \
	grep -q 'sim1.*auto-created' "$HSD_TMP/show.txt"

V=$(cat "$PROTO_DIR/../../VERSION")
tap_is "handsetd --version names the VERSION file's release" \
	"$("$HSD_BIN" --version | cut -d' ' -f1-2)" "handsetd $V"
tap_is "handsetctl --version names the VERSION file's release" \
	"$(hsd_ctl --version | cut -d' ' -f1-2)" "handsetctl $V"

hsd_stop
tap_summary
