#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""An emulated phone out of its box, for the provisioning tests.

What a vendor phone does at boot, step by step, each step printed as a
TAP-style result so the calling test shows which one broke:

  1. SIP PnP: SUBSCRIBE sip:MAC%3a<mac>@224.0.1.75 with Event: ua-profile
     to the multicast group 224.0.1.75:5060 (from --bind, multicast leaving
     through that address), expecting 200 and then a NOTIFY with
     Content-Type application/url, the same Event and Subscription-State
     terminated; the NOTIFY is answered 200 and its body is the URL.
     (--url skips this step: the URL as DHCP option 66 would give it.)
  2. Fetches the files its vendor fetches, named after its MAC, from that
     URL, and parses them the way that vendor's format is written: Yealink
     and Fanvil key/value text, Polycom, Snom, Grandstream and Cisco SPA XML
     with their element and attribute names.  A template that produces
     anything else fails here.
  3. Prints the account it read as one JSON line ("account {...}") for
     the caller to register with (sipp), as the phone would.

--family FAMILY --mac MAC [--bind ADDR] [--timeout S] [--url URL]
[--ignore-notify]
Exit status 0 when every step passed.
"""
import argparse
import json
import random
import re
import socket
import struct
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

GROUP = ("224.0.1.75", 5060)
failures = 0


def result(ok, what):
    global failures
    print(("ok - " if ok else "not ok - ") + what, flush=True)
    failures += not ok
    return ok


def note(text):
    for line in str(text).splitlines():
        print("# " + line, flush=True)


def sip_parse(data):
    text = data.decode("utf-8", "replace")
    head, _, body = text.partition("\r\n\r\n")
    lines = head.split("\r\n")
    hdrs = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        hdrs.setdefault(name.strip().lower(), []).append(value.strip())
    return lines[0], hdrs, body


def pnp(args, mac):
    """Step 1: the URL from the NOTIFY answering our multicast SUBSCRIBE."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((args.bind, 0))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF,
                 socket.inet_aton(args.bind))
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
    port = s.getsockname()[1]
    callid = "%08x@%s" % (random.getrandbits(32), args.bind)
    tag = "%08x" % random.getrandbits(32)
    vendor = {"yealink": "Yealink", "polycom": "Polycom", "snom": "snom",
              "grandstream": "Grandstream", "fanvil": "Fanvil",
              "cisco-spa": "Cisco"}[args.family]
    event = ('ua-profile;profile-type="device";vendor="%s";model="emu";'
             'version="1.0"' % vendor)
    req = ("SUBSCRIBE sip:MAC%%3a%s@224.0.1.75 SIP/2.0\r\n"
           "Via: SIP/2.0/UDP %s:%d;branch=z9hG4bK%08x;rport\r\n"
           "Max-Forwards: 70\r\n"
           "From: <sip:MAC%%3a%s@224.0.1.75>;tag=%s\r\n"
           "To: <sip:MAC%%3a%s@224.0.1.75>\r\n"
           "Call-ID: %s\r\n"
           "CSeq: 1 SUBSCRIBE\r\n"
           "Contact: <sip:%s:%d>\r\n"
           "Event: %s\r\n"
           "Accept: application/url\r\n"
           "Expires: 0\r\n"
           "User-Agent: %s emulated-phone\r\n"
           "Content-Length: 0\r\n\r\n" %
           (mac, args.bind, port, random.getrandbits(32), mac, tag, mac,
            callid, args.bind, port, event, vendor)).encode()

    got200 = False
    url = None
    retrans = 0
    deadline = time.monotonic() + args.timeout
    resend = 0.0
    while time.monotonic() < deadline and (url is None or
                                           args.ignore_notify):
        if not got200 and time.monotonic() >= resend:
            s.sendto(req, GROUP)
            resend = time.monotonic() + 0.5
        s.settimeout(0.2)
        try:
            data, src = s.recvfrom(65535)
        except socket.timeout:
            continue
        first, hdrs, body = sip_parse(data)
        if first.startswith("SIP/2.0 "):
            if first.startswith("SIP/2.0 200") and \
               hdrs.get("call-id", [""])[0] == callid:
                got200 = True
            continue
        if not first.startswith("NOTIFY "):
            continue
        if args.ignore_notify and url is not None:
            retrans += 1
            continue
        result(hdrs.get("call-id", [""])[0] == callid,
               "the NOTIFY belongs to the SUBSCRIBE (Call-ID)")
        result(hdrs.get("event", [""])[0] == event,
               "the NOTIFY carries the SUBSCRIBE's Event")
        result(hdrs.get("content-type", [""])[0].lower() ==
               "application/url", "the NOTIFY is application/url")
        result(hdrs.get("subscription-state", [""])[0]
               .startswith("terminated"),
               "Subscription-State: terminated")
        result(tag in hdrs.get("to", [""])[0],
               "the NOTIFY's To carries the SUBSCRIBE's From tag")
        if args.ignore_notify:
            url = body.strip()
            continue
        ok = ("SIP/2.0 200 OK\r\n" +
              "".join("Via: %s\r\n" % v for v in hdrs.get("via", [])) +
              "From: %s\r\nTo: %s\r\nCall-ID: %s\r\nCSeq: %s\r\n"
              "Content-Length: 0\r\n\r\n" %
              (hdrs["from"][0], hdrs["to"][0], hdrs["call-id"][0],
               hdrs["cseq"][0]))
        s.sendto(ok.encode(), src)
        url = body.strip()
    if args.ignore_notify:
        print("# NOTIFY retransmissions seen: %d" % retrans)
    result(got200, "the PnP SUBSCRIBE is answered 200")
    result(url is not None, "a NOTIFY brings the provisioning URL (%s)" % url)
    return url


def fetch(base, name):
    url = base.replace("{mac}", "") + name
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            body = r.read().decode("utf-8")
            result(r.status == 200, "GET %s: %d" % (name, r.status))
            return body
    except urllib.error.HTTPError as e:
        result(False, "GET %s: %d" % (name, e.code))
    except OSError as e:
        result(False, "GET %s: %s" % (name, e))
    return None


def hostport(s):
    host, _, port = s.partition(":")
    return host, int(port) if port else 5060


def parse_yealink(base, mac):
    text = fetch(base, mac + ".cfg")
    if text is None:
        return None
    lines = text.split("\n")
    result(lines[0] == "#!version:1.0.0.1",
           "Yealink: the first line is #!version:1.0.0.1")
    kv = {}
    for n, line in enumerate(lines[1:], 2):
        if not line.strip() or line.startswith("#"):
            continue
        m = re.match(r"^([a-z0-9_.]+) = (.*)$", line)
        if not result(m is not None, "Yealink: line %d is key = value" % n):
            note(line)
            continue
        kv[m.group(1)] = m.group(2)
    result(kv.get("account.1.enable") == "1", "Yealink: account 1 enabled")
    tz = None
    if kv.get("local_time.summer_time") == "1":
        tz = "%s dst %s-%s +%s" % (kv.get("local_time.time_zone"),
                                   kv.get("local_time.start_time"),
                                   kv.get("local_time.end_time"),
                                   kv.get("local_time.offset_time"))
    elif kv.get("local_time.summer_time") == "0":
        tz = kv.get("local_time.time_zone")
    return {"display_name": kv.get("account.1.display_name"), "tz": tz,
            "user": kv.get("account.1.user_name"),
            "login": kv.get("account.1.auth_name"),
            "password": kv.get("account.1.password"),
            "registrar": kv.get("account.1.sip_server.1.address"),
            "port": int(kv.get("account.1.sip_server.1.port", "0"))}


def xml(base, name, root):
    text = fetch(base, name)
    if text is None:
        return None
    try:
        doc = ET.fromstring(text)
    except ET.ParseError as e:
        result(False, "%s is well-formed XML (%s)" % (name, e))
        return None
    result(doc.tag == root, "%s: root element <%s> (got <%s>)" %
           (name, root, doc.tag))
    return doc


def parse_polycom(base, mac):
    master = xml(base, mac + ".cfg", "APPLICATION")
    if master is None:
        return None
    files = master.get("CONFIG_FILES", "")
    result("[PHONE_MAC_ADDRESS]-phone.cfg" in files.split(","),
           "Polycom: the master file names [PHONE_MAC_ADDRESS]-phone.cfg")
    phone = xml(base, mac + "-phone.cfg", "polycomConfig")
    if phone is None:
        return None
    reg = phone.find("reg")
    if not result(reg is not None, "Polycom: a <reg> element"):
        return None
    tz = None
    sntp = phone.find("tcpIpApp")
    if sntp is not None:
        dst = lambda k: sntp.get("tcpIpApp.sntp.daylightSavings." + k)
        tz = sntp.get("tcpIpApp.sntp.gmtOffset")
        if dst("enable") == "1":
            rule = lambda e: "%s/%s/%s%s/%s" % (
                dst(e + ".month"), dst(e + ".date"),
                dst(e + ".dayOfWeek"),
                "L" if dst(e + ".dayOfWeek.lastInMonth") == "1" else "",
                dst(e + ".time"))
            tz += " dst %s-%s" % (rule("start"), rule("stop"))
    return {"display_name": reg.get("reg.1.displayName"), "tz": tz,
            "user": reg.get("reg.1.address"),
            "login": reg.get("reg.1.auth.userId"),
            "password": reg.get("reg.1.auth.password"),
            "registrar": reg.get("reg.1.server.1.address"),
            "port": int(reg.get("reg.1.server.1.port", "0"))}


def parse_snom(base, mac):
    doc = xml(base, mac.upper() + ".xml", "settings")
    if doc is None:
        return None
    ps = doc.find("phone-settings")
    if not result(ps is not None, "Snom: <phone-settings>"):
        return None

    def get(name):
        e = ps.find("%s[@idx='1']" % name)
        return e.text if e is not None else None
    result(get("user_active") == "on", "Snom: identity 1 active")
    host = (get("user_host") or "").split(";")[0]
    h, p = hostport(host)
    return {"display_name": get("user_realname"), "tz": None,
            "user": get("user_name"), "login": get("user_pname"),
            "password": get("user_pass"), "registrar": h, "port": p}


def parse_grandstream(base, mac):
    doc = xml(base, "cfg" + mac + ".xml", "gs_provision")
    if doc is None:
        return None
    result(doc.findtext("mac") == mac,
           "Grandstream: <mac> is the phone's own")
    cfg = doc.find("config")
    if not result(cfg is not None, "Grandstream: <config>"):
        return None
    result(cfg.findtext("P271") == "1", "Grandstream: account 1 active")
    h, p = hostport(cfg.findtext("P47") or "")
    tz = cfg.findtext("P246") if cfg.findtext("P64") == "customize" else None
    return {"display_name": cfg.findtext("P3"), "tz": tz,
            "user": cfg.findtext("P35"), "login": cfg.findtext("P36"),
            "password": cfg.findtext("P34"), "registrar": h, "port": p}


def parse_fanvil(base, mac):
    text = fetch(base, mac + ".cfg")
    if text is None:
        return None
    lines = text.split("\n")
    result(lines[0].startswith("<<VOIP CONFIG FILE>>"),
           "Fanvil: the file starts <<VOIP CONFIG FILE>>")
    result("<<END OF FILE>>" in lines, "Fanvil: the file ends "
           "<<END OF FILE>>")
    section, kv = None, {}
    for n, line in enumerate(lines[1:], 2):
        if not line.strip() or line == "<<END OF FILE>>":
            continue
        m = re.match(r"^<([A-Z ]+)>$", line)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"^([A-Za-z0-9 ]+?)\s*:(.*)$", line)
        if not result(m is not None and section is not None,
                      "Fanvil: line %d is 'Key :value' in a section" % n):
            note(line)
            continue
        kv[(section, m.group(1))] = m.group(2)
    sip = lambda k: kv.get(("SIP CONFIG MODULE", "SIP1 " + k))
    result(sip("Enable Reg") == "1", "Fanvil: SIP1 registration enabled")
    return {"display_name": sip("Display Name"), "tz": None,
            "user": sip("Phone Number"), "login": sip("Register User"),
            "password": sip("Register Pswd"),
            "registrar": sip("Register Addr"),
            "port": int(sip("Register Port") or "0")}


def parse_cisco(base, mac):
    doc = xml(base, "spa" + mac + ".xml", "flat-profile")
    if doc is None:
        return None
    result(doc.findtext("Line_Enable_1_") == "Yes", "Cisco: line 1 enabled")
    h, p = hostport(doc.findtext("Proxy_1_") or "")
    tz = doc.findtext("Time_Zone")
    if doc.findtext("Daylight_Saving_Time_Enable") == "Yes":
        tz += " " + doc.findtext("Daylight_Saving_Time_Rule")
    return {"display_name": doc.findtext("Display_Name_1_"), "tz": tz,
            "user": doc.findtext("User_ID_1_"),
            "login": doc.findtext("Auth_ID_1_"),
            "password": doc.findtext("Password_1_"),
            "registrar": h, "port": p}


PARSERS = {"yealink": parse_yealink, "polycom": parse_polycom,
           "snom": parse_snom, "grandstream": parse_grandstream,
           "fanvil": parse_fanvil, "cisco-spa": parse_cisco}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--family", required=True, choices=sorted(PARSERS))
    ap.add_argument("--mac", required=True)
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("--url")
    ap.add_argument("--ignore-notify", action="store_true",
                    help="never answer the NOTIFY (its retransmissions "
                    "counted until --timeout); fetch nothing")
    args = ap.parse_args()
    mac = re.sub(r"[^0-9a-fA-F]", "", args.mac).lower()

    url = args.url or pnp(args, mac)
    if args.ignore_notify:
        return 1 if failures else 0
    if url:
        acct = PARSERS[args.family](url, mac)
        if acct is not None:
            result(all(acct.get(k) for k in
                       ("user", "login", "password", "registrar", "port")),
                   "%s: the file names user, login, password and "
                   "registrar" % args.family)
            print("account " + json.dumps(acct), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
