#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Writes the seeds of fuzz_netlink (userspace/fuzz/fuzz_netlink.c) into
# tests/fuzz/corpus/netlink/: what the kernel says to handsetd in the
# situations tests/kernel and tests/e2e drive for real (the module there at
# start, loaded later, unloaded, lost events, an interrupted dump, hook
# changes on built-in and expander ports, stale and malformed events).
# The fxs numbers come from the UAPI header, so a changed enum changes the
# seeds.
#
#   tests/fuzz/gen-netlink.py [OUTDIR]
#
# Input format (fuzz_netlink.c): records of a tag byte (bit 0: request
# socket, bit 1: the receive fails), a 16-bit little-endian length and the
# datagram.  A zero-length record is EAGAIN.
import os
import re
import struct
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
UAPI = os.path.join(TOP, 'kernel/include/uapi/linux/fxs.h')


def uapi_enums(path):
    """Every enumerator of the header with its value."""
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
            name, expr = m.group(1), m.group(2)
            if expr is None:
                n += 1
            else:
                n = eval(expr, {}, dict(values))
            values[name] = n
    return values


E = uapi_enums(UAPI)

NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN = 2, 3, 4
NLM_F_MULTI, NLM_F_DUMP_INTR = 0x2, 0x10
GENL_ID_CTRL = 0x10
CTRL_CMD_NEWFAMILY, CTRL_CMD_DELFAMILY = 1, 2
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
CTRL_ATTR_VERSION, CTRL_ATTR_HDRSIZE, CTRL_ATTR_MAXATTR = 3, 4, 5
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 1, 2
ENOENT = 2

FAMILY = 0x21
GROUP = 7


def pad(b):
    return b + b'\0' * (-len(b) % 4)


def nla(t, data):
    return pad(struct.pack('=HH', 4 + len(data), t) + data)


def u8(t, v):
    return nla(t, struct.pack('=B', v))


def u16(t, v):
    return nla(t, struct.pack('=H', v))


def u32(t, v):
    return nla(t, struct.pack('=I', v))


def u64(t, v):
    return nla(t, struct.pack('=Q', v))


def string(t, s):
    return nla(t, s.encode() + b'\0')


def nlmsg(mtype, payload, flags=0, seq=0):
    return pad(struct.pack('=IHHII', 16 + len(payload), mtype, flags, seq,
                           0) + payload)


def genl(mtype, cmd, attrs, flags=0):
    return nlmsg(mtype, struct.pack('=BBH', cmd, 1, 0) + b''.join(attrs),
                 flags)


def ack(error=0):
    return nlmsg(NLMSG_ERROR, struct.pack('=i', -error) + b'\0' * 16)


def family(cmd=CTRL_CMD_NEWFAMILY, name='fxs', fid=FAMILY, groups=True):
    attrs = [u16(CTRL_ATTR_FAMILY_ID, fid), string(CTRL_ATTR_FAMILY_NAME, name),
             u32(CTRL_ATTR_VERSION, 1), u32(CTRL_ATTR_HDRSIZE, 0),
             u32(CTRL_ATTR_MAXATTR, E['__FXS_A_MAX'] - 1)]
    if groups:
        grp = nla(1, string(CTRL_ATTR_MCAST_GRP_NAME, 'events') +
                  u32(CTRL_ATTR_MCAST_GRP_ID, GROUP))
        attrs.append(nla(CTRL_ATTR_MCAST_GROUPS | 0x8000, grp))
    return genl(GENL_ID_CTRL, cmd, attrs)


def port(name, index, hook=0, since=1000, ringing=0, expander=None):
    a = [u32(E['FXS_A_PORT_INDEX'], index),
         string(E['FXS_A_PORT_NAME'], name),
         u8(E['FXS_A_LOCATION'], E['FXS_LOCATION_EXPANDER'] if expander
            else E['FXS_LOCATION_BUILTIN']),
         u8(E['FXS_A_HOOK'], hook), u64(E['FXS_A_HOOK_SINCE'], since),
         u8(E['FXS_A_RINGING'], ringing)]
    if expander:
        a += [string(E['FXS_A_EXPANDER'], expander[0]),
              u32(E['FXS_A_EXPANDER_PORT'], expander[1])]
    return a


PORTS = [('fxs0', 1, {}), ('fxs1', 2, {}),
         ('usb-AB12-1', 3, {'expander': ('AB12', 1)})]


def dump(ports=PORTS, flags=0):
    msgs = [genl(FAMILY, E['FXS_CMD_PORT_GET'], port(n, i, **kw),
                 NLM_F_MULTI | flags) for n, i, kw in ports]
    return [b''.join(msgs) + nlmsg(NLMSG_DONE, struct.pack('=i', 0),
                                   NLM_F_MULTI)]


def event(cmd, name, index, **kw):
    return genl(FAMILY, E[cmd], port(name, index, **kw))


# The request socket at start: family, its group, the first dump.
def attached(ports=PORTS):
    return [family(), ack(), family(), ack()] + dump(ports)


class Seed:
    def __init__(self):
        self.out = b''

    def req(self, *dgrams):
        for d in dgrams:
            self.out += struct.pack('<BH', 1, len(d)) + d
        return self

    def ev(self, *dgrams):
        for d in dgrams:
            self.out += struct.pack('<BH', 0, len(d)) + d
        return self

    def lost(self):
        self.out += struct.pack('<BH', 2, 0)
        return self

    def again(self):
        self.out += struct.pack('<BH', 0, 0)
        return self


def seeds():
    s = {}
    s['attach-dump'] = Seed().req(*attached())
    s['offhook-inside'] = Seed().req(*attached()).ev(
        event('FXS_CMD_OFFHOOK', 'fxs1', 2, hook=1, since=2000)).again().ev(
        event('FXS_CMD_ONHOOK', 'fxs1', 2, hook=0, since=3000),
        event('FXS_CMD_OFFHOOK', 'fxs1', 2, hook=1, since=4000)).again()
    s['offhook-expander'] = Seed().req(*attached()).ev(
        event('FXS_CMD_OFFHOOK', 'usb-AB12-1', 3, hook=1, since=2000,
              expander=('AB12', 1)),
        event('FXS_CMD_OFFHOOK', 'fxs0', 1, hook=1, since=2000)).again()
    s['ringing'] = Seed().req(*attached()).ev(
        genl(FAMILY, E['FXS_CMD_PORT_CHANGED'],
             port('fxs0', 1, ringing=1)),
        event('FXS_CMD_OFFHOOK', 'fxs0', 1, hook=1, since=5000),
        genl(FAMILY, E['FXS_CMD_FLASH'], port('fxs0', 1)),
        genl(FAMILY, E['FXS_CMD_DIGIT'],
             port('fxs0', 1) + [u8(E['FXS_A_DIGIT'], 7)])).again()
    s['stale-event'] = Seed().req(*attached(
        [('fxs1', 2, {'hook': 1, 'since': 9000})])).ev(
        event('FXS_CMD_ONHOOK', 'fxs1', 2, hook=0, since=100)).again()
    s['overrun'] = Seed().req(*attached()).lost().req(*dump(
        [('fxs1', 2, {'hook': 1, 'since': 2000})])).ev(
        nlmsg(NLMSG_OVERRUN, b'')).req(*dump()).again()
    s['port-added-removed'] = Seed().req(*attached()).ev(
        event('FXS_CMD_PORT_ADDED', 'fxs2', 4)).req(*dump(
            PORTS + [('fxs2', 4, {})])).again().ev(
        event('FXS_CMD_PORT_REMOVED', 'fxs0', 1),
        event('FXS_CMD_OFFHOOK', 'fxs9', 9, hook=1)).req(*dump()).again()
    s['dump-intr'] = Seed().req(family(), ack(), family(), ack(),
                                *dump(flags=NLM_F_DUMP_INTR), *dump())
    s['module-later'] = Seed().req(ack(ENOENT)).ev(
        family()).req(*attached()).again().ev(
        event('FXS_CMD_OFFHOOK', 'fxs1', 2, hook=1, since=7000)).again()
    s['module-gone'] = Seed().req(*attached()).ev(
        event('FXS_CMD_OFFHOOK', 'fxs1', 2, hook=1, since=7000),
        family(CTRL_CMD_DELFAMILY)).again().ev(
        family(fid=FAMILY + 1)).req(family(fid=FAMILY + 1), ack(),
                                    family(fid=FAMILY + 1), ack(),
                                    *dump()).again()
    s['malformed'] = Seed().req(*attached()).ev(
        genl(FAMILY, E['FXS_CMD_OFFHOOK'],
             [u8(E['FXS_A_HOOK'], 1)]),
        genl(FAMILY, E['FXS_CMD_OFFHOOK'],
             [nla(E['FXS_A_PORT_NAME'], b'x' * 40)]),
        genl(FAMILY, E['FXS_CMD_OFFHOOK'],
             [u32(E['FXS_A_HOOK'], 1), string(E['FXS_A_PORT_NAME'],
                                              'fxs0')]),
        b'\x08\0\0\0\x21\0\0\0').req(*dump()).again()
    s['no-group'] = Seed().req(family(), ack(), family(groups=False),
                               ack())
    return s


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        TOP, 'tests/fuzz/corpus/netlink')
    os.makedirs(out, exist_ok=True)
    for name, seed in seeds().items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(seed.out)


main()
