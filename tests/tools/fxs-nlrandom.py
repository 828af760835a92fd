#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Random and malformed requests at the "fxs" generic netlink family, from
# raw sockets (python3's standard library only), so every byte is chosen
# here: no client library tidies a length, a nest or a command up.  Used
# by tests/kernel/core-random.sh, as root and as an unprivileged user.
#
#   fxs-nlrandom.py [--count N] [--seed S] [--unprivileged]
#
# First fixed malformations (unknown commands, notification commands sent
# as requests, attribute types past the policy, wrong lengths, bad and
# truncated nesting, bytes left over), each with the errno it must get and
# whether the kernel must say why (extended ACK); then N random requests.
# Every request must be answered (an ACK, an error or a reply ending in
# DONE) within a second, with an errno from the set below; every EINVAL or
# ERANGE must carry an extack message.  Prints TAP lines, exits non-zero
# when one failed.
import argparse
import errno
import os
import random
import re
import socket
import struct
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
UAPI = os.path.join(TOP, 'kernel/include/uapi/linux/fxs.h')

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NETLINK_EXT_ACK = 11
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
CTRL_ATTR_MCAST_GROUPS = 7
NLA_F_NESTED = 0x8000

# What a refusal may say; anything else (or no answer) is a failure.
ALLOWED = {errno.EINVAL, errno.ERANGE, errno.EOPNOTSUPP, errno.ENODEV,
           errno.EPERM, errno.EMSGSIZE, errno.EBUSY, errno.ENOENT}


def uapi_enums(path):
    text = open(path).read()
    values = {}
    for body in re.findall(r'enum\s+\w+\s*{([^}]*)}', text):
        body = re.sub(r'/\*.*?\*/', '', body, flags=re.S)
        n = -1
        for item in body.split(','):
            item = item.strip()
            if not item:
                continue
            m = re.match(r'(\w+)\s*(?:=\s*(.+))?$', item)
            n = n + 1 if m.group(2) is None else eval(m.group(2), {},
                                                       dict(values))
            values[m.group(1)] = n
    return values


E = uapi_enums(UAPI)
A_MAX = E['__FXS_A_MAX'] - 1
CMD_MAX = E['__FXS_CMD_MAX'] - 1


def pad(b):
    return b + b'\0' * (-len(b) % 4)


def nla(t, data, length=None):
    return pad(struct.pack('=HH', 4 + len(data) if length is None else
                           length, t) + data)


def u8(t, v):
    return nla(t, struct.pack('=B', v))


def u32(t, v):
    return nla(t, struct.pack('=I', v))


def string(t, s):
    return nla(t, s.encode() + b'\0')


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                               NETLINK_GENERIC)
        self.s.bind((0, 0))
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.settimeout(1.0)
        self.seq = 1

    def send(self, mtype, cmd, attrs, flags=NLM_F_ACK, version=1,
             raw=None):
        self.seq += 1
        body = raw if raw is not None else struct.pack(
            '=BBH', cmd, version, 0) + attrs
        self.s.send(struct.pack('=IHHII', 16 + len(body), mtype,
                                NLM_F_REQUEST | flags, self.seq, 0) + body)
        return self.seq

    def answer(self, seq):
        """(errno or 0, extack message or None, replies) for seq; None
        when nothing came within the timeout."""
        replies = []
        while True:
            try:
                data = self.s.recv(65536)
            except socket.timeout:
                return None
            off = 0
            while off + 16 <= len(data):
                ln, mtype, flags, mseq, _ = struct.unpack_from(
                    '=IHHII', data, off)
                if ln < 16:
                    return None
                msg = data[off:off + ln]
                off += (ln + 3) & ~3
                if mseq != seq:
                    continue
                if mtype == NLMSG_DONE:
                    return (0, None, replies)
                if mtype != NLMSG_ERROR:
                    replies.append(msg)
                    continue
                err = -struct.unpack_from('=i', msg, 16)[0]
                return (err, self.extack(msg, flags), replies)

    @staticmethod
    def extack(msg, flags):
        if not flags & NLM_F_ACK_TLVS:
            return None
        # the request comes back whole on an error, its header on an ACK
        err = struct.unpack_from('=i', msg, 16)[0]
        off = 20 + (struct.unpack_from('=I', msg, 20)[0] if err else 16)
        off = (off + 3) & ~3
        while off + 4 <= len(msg):
            ln, t = struct.unpack_from('=HH', msg, off)
            if ln < 4:
                break
            if t & 0x3fff == NLMSGERR_ATTR_MSG:
                return msg[off + 4:off + ln].rstrip(b'\0').decode(
                    errors='replace')
            off += (ln + 3) & ~3
        return None

    def family(self, name):
        seq = self.send(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                        string(CTRL_ATTR_FAMILY_NAME, name))
        res = self.answer(seq)
        if not res or res[0] or not res[2]:
            return None, {}
        msg = res[2][0]
        fid, groups, off = None, {}, 20
        while off + 4 <= len(msg):
            ln, t = struct.unpack_from('=HH', msg, off)
            if ln < 4:
                break
            t &= 0x3fff
            if t == CTRL_ATTR_FAMILY_ID:
                fid = struct.unpack_from('=H', msg, off + 4)[0]
            elif t == CTRL_ATTR_MCAST_GROUPS:
                goff = off + 4
                while goff + 4 <= off + ln:
                    gln = struct.unpack_from('=H', msg, goff)[0]
                    inner, gname, gid = goff + 4, None, None
                    while inner + 4 <= goff + gln:
                        iln, it = struct.unpack_from('=HH', msg, inner)
                        if iln < 4:
                            break
                        if it == 1:
                            gname = msg[inner + 4:inner + iln].rstrip(
                                b'\0').decode()
                        elif it == 2:
                            gid = struct.unpack_from('=I', msg,
                                                     inner + 4)[0]
                        inner += (iln + 3) & ~3
                    groups[gname] = gid
                    goff += (gln + 3) & ~3
            off += (ln + 3) & ~3
        return fid, groups


class Tap:
    def __init__(self, tag):
        self.tag = tag
        self.failed = 0

    def ok(self, good, what, note=None):
        print('%s - %s: %s' % ('ok' if good else 'not ok', self.tag, what))
        if note and not good:
            print('# ' + note)
        self.failed += not good


def fixed_cases(port):
    """(description, cmd, attrs, errnos, extack wanted, raw body)."""
    A = E
    GET, SET = A['FXS_CMD_PORT_GET'], A['FXS_CMD_PORT_SET']
    name = string(A['FXS_A_PORT_NAME'], port)
    return [
        ('unknown command 0', A['FXS_CMD_UNSPEC'], name,
         {errno.EOPNOTSUPP}, False, None),
        ('notification command PORT_ADDED as a request',
         A['FXS_CMD_PORT_ADDED'], name, {errno.EOPNOTSUPP}, False, None),
        ('command past the last one', CMD_MAX + 1, name,
         {errno.EOPNOTSUPP}, False, None),
        ('command 255', 255, name, {errno.EOPNOTSUPP}, False, None),
        ('attribute type past the policy', GET,
         name + u32(A_MAX + 1, 1), {errno.EINVAL}, True, None),
        ('attribute type 0x3fff', GET, name + u32(0x3fff, 1),
         {errno.EINVAL}, True, None),
        ('u32 index of 2 bytes', GET, nla(A['FXS_A_PORT_INDEX'], b'\1\0'),
         {errno.EINVAL, errno.ERANGE}, True, None),
        ('u32 index of 8 bytes', GET,
         nla(A['FXS_A_PORT_INDEX'], b'\1' * 8),
         {errno.EINVAL, errno.ERANGE}, True, None),
        ('name without its NUL', GET,
         nla(A['FXS_A_PORT_NAME'], port.encode()),
         {errno.EINVAL}, True, None),
        ('name of 200 bytes', GET,
         nla(A['FXS_A_PORT_NAME'], b'x' * 200 + b'\0'),
         {errno.EINVAL, errno.ERANGE}, True, None),
        ('empty name attribute', GET, nla(A['FXS_A_PORT_NAME'], b''),
         {errno.EINVAL, errno.ERANGE}, True, None),
        ('attribute length past the message', GET,
         name + nla(A['FXS_A_PORT_INDEX'], b'\0' * 4, length=64),
         {errno.EINVAL}, True, None),
        ('attribute length under its header', GET,
         name + nla(A['FXS_A_PORT_INDEX'], b'\0' * 4, length=2),
         {errno.EINVAL}, True, None),
        ('bytes left over after the attributes', GET, name + b'\1\2',
         {errno.EINVAL}, True, None),
        ('reply-only attribute in a request', GET,
         name + u8(A['FXS_A_HOOK'], 1), {errno.EINVAL}, True, None),
        ('ring step outside a cadence', SET,
         name + u32(A['FXS_A_RING_STEP'], 1000),
         {errno.EINVAL, errno.EPERM}, True, None),
        ('timing as a u32, not a nest', SET,
         name + u32(A['FXS_A_TIMING'], 5),
         {errno.EINVAL, errno.EPERM}, True, None),
        ('timing nest with a 1-byte value', SET,
         name + nla(A['FXS_A_TIMING'] | NLA_F_NESTED,
                    nla(A['FXS_TIMING_A_DEBOUNCE_MS'], b'\5')),
         {errno.EINVAL, errno.ERANGE, errno.EPERM}, True, None),
        ('timing nest with an unknown member', SET,
         name + nla(A['FXS_A_TIMING'] | NLA_F_NESTED, u32(40, 5)),
         {errno.EINVAL, errno.EPERM}, True, None),
        ('timing nest truncated inside', SET,
         name + nla(A['FXS_A_TIMING'] | NLA_F_NESTED,
                    nla(A['FXS_TIMING_A_DEBOUNCE_MS'], b'\0' * 4,
                        length=40)),
         {errno.EINVAL, errno.EPERM}, True, None),
        ('cadence of one step', SET,
         name + nla(A['FXS_A_RING_CADENCE'] | NLA_F_NESTED,
                    u32(A['FXS_A_RING_STEP'], 1000)),
         {errno.EINVAL, errno.EPERM}, True, None),
        ('cadence nested three deep', SET,
         name + nla(A['FXS_A_RING_CADENCE'] | NLA_F_NESTED,
                    nla(A['FXS_A_RING_CADENCE'] | NLA_F_NESTED,
                        nla(A['FXS_A_RING_CADENCE'] | NLA_F_NESTED,
                            u32(A['FXS_A_RING_STEP'], 1000)))),
         {errno.EINVAL, errno.EPERM}, True, None),
        ('linefeed past its enum', SET,
         name + u8(A['FXS_A_LINEFEED'], 200),
         {errno.ERANGE, errno.EINVAL, errno.EPERM}, True, None),
        ('no port named', GET, b'', {errno.EINVAL}, True, None),
        ('a port that does not exist', GET,
         string(A['FXS_A_PORT_NAME'], 'nosuchport'), {errno.ENODEV},
         True, None),
        ('a genl header cut short', GET, b'', {errno.EINVAL}, False,
         b'\1'),
    ]


def random_attr(rng, depth=0):
    t = rng.choice([rng.randrange(0, A_MAX + 3), rng.randrange(0, 0x4000)])
    kind = rng.randrange(8)
    if kind == 0 and depth < 3:
        body = b''.join(random_attr(rng, depth + 1)
                        for _ in range(rng.randrange(4)))
        return nla(t | NLA_F_NESTED, body)
    if kind == 1:
        return nla(t, b'', length=rng.randrange(0, 300))
    if kind == 2:
        return string(t, ''.join(rng.choice('sim01x/.%') for _ in
                                 range(rng.randrange(0, 40))))
    size = rng.choice([0, 1, 2, 4, 8, rng.randrange(0, 64)])
    return nla(t, bytes(rng.randrange(256) for _ in range(size)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--count', type=int, default=2000)
    ap.add_argument('--seed', type=int, default=14)
    ap.add_argument('--port', default='sim0')
    ap.add_argument('--unprivileged', action='store_true')
    args = ap.parse_args()
    who = 'unprivileged' if args.unprivileged else 'root'
    tap = Tap(who)

    g = Genl()
    fid, groups = g.family('fxs')
    tap.ok(fid is not None, 'the fxs family resolves')
    if fid is None:
        return 1

    if args.unprivileged:
        try:
            g.s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
                           groups.get('events', 0))
            tap.ok(False, 'joining "events" refused (digits may be PINs)')
        except OSError as e:
            tap.ok(e.errno == errno.EPERM,
                   'joining "events" refused (digits may be PINs)',
                   'errno %d' % e.errno)

    for desc, cmd, attrs, want, extack, raw in fixed_cases(args.port):
        if args.unprivileged and cmd == E['FXS_CMD_PORT_SET']:
            want, extack = {errno.EPERM}, False
        res = g.answer(g.send(fid, cmd, attrs, raw=raw))
        if res is None:
            tap.ok(False, desc + ': answered')
            continue
        err, msg, _ = res
        good = err in want and (msg is not None or not extack)
        tap.ok(good, '%s: %s%s' % (desc, '|'.join(
            errno.errorcode[w] for w in sorted(want)),
            ' with a reason' if extack else ''),
            'got %s, extack %r' % (errno.errorcode.get(err, err), msg))

    rng = random.Random(args.seed)
    unanswered, bad_errno, silent, counts, set_ok = 0, [], [], {}, 0
    for _ in range(args.count):
        cmd = rng.choice([rng.randrange(0, CMD_MAX + 3),
                          E['FXS_CMD_PORT_GET'], E['FXS_CMD_PORT_SET'],
                          rng.randrange(256)])
        attrs = b''.join(random_attr(rng) for _ in range(rng.randrange(5)))
        if rng.randrange(4) == 0:
            attrs = string(E['FXS_A_PORT_NAME'], args.port) + attrs
        flags = NLM_F_ACK | (NLM_F_DUMP if rng.randrange(4) == 0 else 0)
        version = rng.choice([1, 1, 1, 0, 2, 255])
        res = g.answer(g.send(fid, cmd, attrs, flags, version))
        if res is None:
            unanswered += 1
            g = Genl()
            continue
        err, msg, _ = res
        counts[err] = counts.get(err, 0) + 1
        set_ok += not err and cmd == E['FXS_CMD_PORT_SET']
        if err and err not in ALLOWED:
            bad_errno.append((cmd, err, msg, attrs.hex()))
        if err in (errno.EINVAL, errno.ERANGE) and msg is None:
            silent.append((cmd, err, flags, attrs.hex()))

    summary = ', '.join('%s %d' % (errno.errorcode.get(e, 'ok' if not e
                                                       else e), n)
                        for e, n in sorted(counts.items()))
    tap.ok(not unanswered, 'each of %d random requests answered within 1 s'
           ' (%s)' % (args.count, summary), '%d unanswered' % unanswered)
    if args.unprivileged:
        tap.ok(not set_ok, 'no random PORT_SET succeeded without '
               'CAP_NET_ADMIN', '%d did' % set_ok)
    tap.ok(not bad_errno, 'every refusal has an expected errno',
           'first: cmd %d errno %d extack %r attrs %s' % bad_errno[0]
           if bad_errno else None)
    tap.ok(not silent, 'every EINVAL/ERANGE says why (extack)',
           '%d silent; first: cmd %d errno %d flags %#x attrs %s'
           % ((len(silent),) + silent[0]) if silent else None)

    return 1 if tap.failed else 0


sys.exit(main())
