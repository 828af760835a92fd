# SPDX-License-Identifier: GPL-2.0-only
#
# Reads the message trace sipp writes with -trace_msg (the .msg file of a
# run of tests/protocol/lib.sh's hsd_sipp): the one parser behind
# hsd_responses, hsd_last_status and hsd_header.  Not a test (no .sh).
#
#   sipp-trace.py responses FILE	"STATUS REASON|header,names" a line
#   sipp-trace.py last-status FILE	the final answer to the last request
#   sipp-trace.py header FILE NAME [N]	NAME's value in the Nth response
#					(default 0: the last)
#   sipp-trace.py final-by-to FILE	"TO_USER CODE" a call (-m N runs):
#					the final answer to its last request
import sys


def responses(path):
    """Each response received, as its list of lines (CR stripped)."""
    try:
        text = open(path, errors="replace").read()
    except OSError:
        return []
    out = []
    for block in text.split("message received [")[1:]:
        # "NNN] bytes :", then a blank line, then the message.
        lines = block.split("\n")[1:]
        while lines and lines[0].strip() == "":
            lines.pop(0)
        if lines and lines[0].startswith("SIP/2.0 "):
            out.append([l.rstrip("\r") for l in lines])
    return out


def headers(msg):
    """(name, value) of each header line, up to the end of the headers."""
    for l in msg[1:]:
        if l == "" or l.startswith("-----"):
            break
        if ":" in l and not l[0].isspace():
            name, value = l.split(":", 1)
            yield name.strip().lower(), value.strip()


def status(msg):
    return msg[0][8:]


def cmd_responses(path):
    for m in responses(path):
        names = sorted(n for n, _ in headers(m))
        print(status(m) + "|" + ",".join(names))


def cmd_last_status(path):
    # The first final response with the highest CSeq: later copies answer
    # retransmissions sipp made when the daemon was slow.
    best = None
    for m in responses(path):
        if status(m).startswith("1"):
            continue
        cseq = -1
        for n, v in headers(m):
            if n == "cseq":
                try:
                    cseq = int(v.split()[0])
                except (ValueError, IndexError):
                    pass
                break
        if best is None or cseq > best[0]:
            best = (cseq, status(m))
    if best:
        print(best[1])


def cmd_header(path, want, n="0"):
    msgs = responses(path)
    if not msgs:
        sys.exit(1)
    n = int(n)
    msg = msgs[n - 1] if n > 0 else msgs[-1]
    for name, value in headers(msg):
        if name == want.lower():
            print(value)


def cmd_final_by_to(path):
    calls = {}
    for m in responses(path):
        code = status(m).split(" ")[0]
        if code.startswith("1"):
            continue
        h = dict(headers(m))
        try:
            cseq = int(h.get("cseq", "0").split()[0])
        except ValueError:
            cseq = 0
        to = h.get("to", "")
        user = to.split("sip:", 1)[-1].split("@", 1)[0]
        cid = h.get("call-id", "")
        if cid not in calls or cseq > calls[cid][0]:
            calls[cid] = (cseq, user, code)
    for cseq, user, code in calls.values():
        print(user, code)


commands = {"responses": cmd_responses, "last-status": cmd_last_status,
            "header": cmd_header, "final-by-to": cmd_final_by_to}
commands[sys.argv[1]](*sys.argv[2:])
