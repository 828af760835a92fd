// SPDX-License-Identifier: GPL-2.0-only
/*
 * build.c - turn the words of "fxsnl raw" into request attributes, as
 * given: tests use it to send what a correct client (YNL) never would.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fxsnl.h"

#define MAX_NEST_DEPTH	8

static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

/* An attribute number: a name of fxsnl_attrs, timing.NAME, or a number. */
static int raw_attr_id(const char *s, int *id)
{
	if (!strncmp(s, "timing.", 7))
		return fxsnl_value_of(fxsnl_timing_attrs, s + 7, id);
	return fxsnl_value_of(fxsnl_attrs, s, id);
}

static int put_hex(struct nl_msg *msg, int id, const char *hex)
{
	size_t n = strlen(hex) / 2, i;
	unsigned char *buf;
	int err;

	if (strlen(hex) % 2)
		return -EINVAL;
	buf = malloc(n ? n : 1);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		char byte[3] = { hex[2 * i], hex[2 * i + 1], '\0' };
		char *end;

		buf[i] = (unsigned char)strtoul(byte, &end, 16);
		if (*end || !isxdigit((unsigned char)byte[0])) {
			free(buf);
			return -EINVAL;
		}
	}
	err = nla_put(msg, id, (int)n, buf);
	free(buf);
	return err;
}

static int put_raw_one(struct nl_msg *msg, const char *type, int id,
		       const char *val)
{
	uint64_t v;

	if (!strcmp(type, "flag"))
		return nla_put_flag(msg, id);
	if (!val)
		return -EINVAL;
	if (!strcmp(type, "str"))
		return nla_put_string(msg, id, val);
	if (!strcmp(type, "strn"))
		return nla_put(msg, id, (int)strlen(val), val);
	if (!strcmp(type, "hex"))
		return put_hex(msg, id, val);
	if (!strcmp(type, "u8") && !parse_u64(val, UINT8_MAX, &v))
		return nla_put_u8(msg, id, (uint8_t)v);
	if (!strcmp(type, "u16") && !parse_u64(val, UINT16_MAX, &v))
		return nla_put_u16(msg, id, (uint16_t)v);
	if (!strcmp(type, "u32") && !parse_u64(val, UINT32_MAX, &v))
		return nla_put_u32(msg, id, (uint32_t)v);
	if (!strcmp(type, "u64") && !parse_u64(val, UINT64_MAX, &v))
		return nla_put_u64(msg, id, v);
	return -EINVAL;
}

/*
 * libnl's nla_nest_end() drops a nest that stayed empty; a test needs to
 * send one, and the header nla_nest_start() wrote is already one.
 */
static void end_nest(struct nl_msg *msg, struct nlattr *nest)
{
	char *tail = (char *)nlmsg_hdr(msg) + nlmsg_hdr(msg)->nlmsg_len;

	if (tail - (char *)nest > NLA_HDRLEN)
		nla_nest_end(msg, nest);
}

/*
 * TYPE:ATTR=VALUE (TYPE u8 u16 u32 u64 str strn hex), flag:ATTR,
 * nest:ATTR ... end.  Nothing is checked against the UAPI on purpose.
 */
int fxsnl_put_raw(struct nl_msg *msg, int argc, char **argv)
{
	struct nlattr *nests[MAX_NEST_DEPTH];
	int depth = 0, i;

	for (i = 0; i < argc; i++) {
		char *spec = strdup(argv[i]);
		char *colon, *eq, *val = NULL;
		int id, err;

		if (!spec)
			return -ENOMEM;
		if (!strcmp(spec, "end")) {
			free(spec);
			if (!depth) {
				fprintf(stderr, "fxsnl: raw: 'end' without nest\n");
				return -EINVAL;
			}
			end_nest(msg, nests[--depth]);
			continue;
		}
		colon = strchr(spec, ':');
		if (!colon)
			goto bad;
		*colon = '\0';
		eq = strchr(colon + 1, '=');
		if (eq) {
			*eq = '\0';
			val = eq + 1;
		}
		if (raw_attr_id(colon + 1, &id))
			goto bad;
		if (!strcmp(spec, "nest")) {
			if (depth == MAX_NEST_DEPTH)
				goto bad;
			nests[depth] = nla_nest_start(msg, id);
			if (!nests[depth])
				goto bad;
			depth++;
			free(spec);
			continue;
		}
		err = put_raw_one(msg, spec, id, val);
		if (err)
			goto bad;
		free(spec);
		continue;
bad:
		free(spec);
		fprintf(stderr,
			"fxsnl: raw: bad attribute '%s' (want TYPE:ATTR=VALUE, flag:ATTR, nest:ATTR ... end)\n",
			argv[i]);
		return -EINVAL;
	}
	while (depth)
		end_nest(msg, nests[--depth]);
	return 0;
}
