// SPDX-License-Identifier: GPL-2.0-only
/*
 * build.c - turn command-line words into request attributes: the port key,
 * the settings of "fxsnl set", and the free-form attributes of "fxsnl raw"
 * that tests use to send what a correct client never would.
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

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		if (!isdigit((unsigned char)*s))
			return false;
	}
	return true;
}

/* "index=N", "name=X", or a bare word: digits are an index. */
int fxsnl_put_port_key(struct nl_msg *msg, const char *key)
{
	uint64_t v;

	if (!strncmp(key, "name=", 5))
		return nla_put_string(msg, FXS_A_PORT_NAME, key + 5);
	if (!strncmp(key, "index=", 6))
		key += 6;
	else if (!all_digits(key))
		return nla_put_string(msg, FXS_A_PORT_NAME, key);
	if (parse_u64(key, UINT32_MAX, &v)) {
		fprintf(stderr, "fxsnl: bad port index '%s'\n", key);
		return -EINVAL;
	}
	return nla_put_u32(msg, FXS_A_PORT_INDEX, (uint32_t)v);
}

static int put_cadence(struct nl_msg *msg, const char *list)
{
	char *copy = strdup(list), *cur = copy, *tok;
	struct nlattr *nest;
	uint64_t ms;
	int err = 0;

	if (!copy)
		return -ENOMEM;
	nest = nla_nest_start(msg, FXS_A_RING_CADENCE);
	if (!nest) {
		err = -ENOMEM;
		goto out;
	}
	while ((tok = strsep(&cur, ","))) {
		if (parse_u64(tok, UINT32_MAX, &ms)) {
			fprintf(stderr, "fxsnl: cadence: '%s' is not a number of ms\n",
				tok);
			err = -EINVAL;
			goto out;
		}
		if (nla_put_u32(msg, FXS_A_RING_STEP, (uint32_t)ms) < 0) {
			err = -ENOMEM;
			goto out;
		}
	}
	nla_nest_end(msg, nest);
out:
	free(copy);
	return err;
}

static int put_ring(struct nl_msg *msg, const char *v)
{
	if (!strcmp(v, "on") || !strcmp(v, "1"))
		return nla_put_u8(msg, FXS_A_RINGING, 1);
	if (!strcmp(v, "off") || !strcmp(v, "0"))
		return nla_put_u8(msg, FXS_A_RINGING, 0);
	fprintf(stderr, "fxsnl: ring=%s: want on or off\n", v);
	return -EINVAL;
}

static int put_linefeed(struct nl_msg *msg, const char *v)
{
	int lf;

	if (fxsnl_value_of(fxsnl_linefeeds, v, &lf) || lf > 0xff) {
		fprintf(stderr,
			"fxsnl: linefeed=%s: want open, forward-active, reverse-active, forward-oht, reverse-oht or a number\n",
			v);
		return -EINVAL;
	}
	return nla_put_u8(msg, FXS_A_LINEFEED, (uint8_t)lf);
}

/*
 * linefeed=NAME ring=on|off cadence=MS,MS,... timing.KEY=MS...  The timing
 * values go into one FXS_A_TIMING nest, in the order given.
 */
int fxsnl_put_settings(struct nl_msg *msg, int argc, char **argv)
{
	struct nlattr *timing = NULL;
	int i, id, err;
	uint64_t ms;

	/* Everything but timing first, so the timing nest stays whole. */
	for (i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (!eq) {
			fprintf(stderr, "fxsnl: '%s' is not KEY=VALUE\n",
				argv[i]);
			return -EINVAL;
		}
		if (!strncmp(argv[i], "linefeed=", 9))
			err = put_linefeed(msg, eq + 1);
		else if (!strncmp(argv[i], "ring=", 5))
			err = put_ring(msg, eq + 1);
		else if (!strncmp(argv[i], "cadence=", 8))
			err = put_cadence(msg, eq + 1);
		else if (!strncmp(argv[i], "timing.", 7))
			err = 0;
		else {
			fprintf(stderr,
				"fxsnl: unknown setting '%s' (want linefeed=, ring=, cadence=, timing.KEY=)\n",
				argv[i]);
			err = -EINVAL;
		}
		if (err)
			return err;
	}
	for (i = 0; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (strncmp(argv[i], "timing.", 7))
			continue;
		*eq = '\0';
		err = fxsnl_value_of(fxsnl_timing_attrs, argv[i] + 7, &id);
		*eq = '=';
		if (err || !fxsnl_name_of(fxsnl_timing_attrs, id)) {
			fprintf(stderr, "fxsnl: unknown timing key in '%s'\n",
				argv[i]);
			return -EINVAL;
		}
		if (parse_u64(eq + 1, UINT32_MAX, &ms)) {
			fprintf(stderr, "fxsnl: '%s': not a number of ms\n",
				argv[i]);
			return -EINVAL;
		}
		if (!timing) {
			timing = nla_nest_start(msg, FXS_A_TIMING);
			if (!timing)
				return -ENOMEM;
		}
		if (nla_put_u32(msg, id, (uint32_t)ms) < 0)
			return -ENOMEM;
	}
	if (timing)
		nla_nest_end(msg, timing);
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
