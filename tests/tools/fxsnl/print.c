// SPDX-License-Identifier: GPL-2.0-only
/*
 * print.c - one line of "key=value" words per message, so that shell tests
 * can pick fields with grep and sed.  Values never contain a space: strings
 * are percent-encoded (see README.md), lists are comma-separated.
 */
#include <ctype.h>
#include <inttypes.h>

#include "fxsnl.h"

static struct nla_policy port_policy[FXS_A_MAX + 1] = {
	[FXS_A_PORT_INDEX] = { .type = NLA_U32 },
	[FXS_A_PORT_NAME] = { .type = NLA_STRING },
	[FXS_A_LOCATION] = { .type = NLA_U8 },
	[FXS_A_EXPANDER] = { .type = NLA_STRING },
	[FXS_A_EXPANDER_PORT] = { .type = NLA_U32 },
	[FXS_A_DRIVER] = { .type = NLA_STRING },
	[FXS_A_HOOK] = { .type = NLA_U8 },
	[FXS_A_HOOK_SINCE] = { .type = NLA_U64 },
	[FXS_A_LINEFEED] = { .type = NLA_U8 },
	[FXS_A_RINGING] = { .type = NLA_U8 },
	[FXS_A_RING_CADENCE] = { .type = NLA_NESTED },
	[FXS_A_TIMING] = { .type = NLA_NESTED },
	[FXS_A_DIGIT] = { .type = NLA_U8 },
	[FXS_A_TIMESTAMP] = { .type = NLA_U64 },
	[FXS_A_FAULT] = { .type = NLA_STRING },
};

static struct nla_policy timing_policy[FXS_TIMING_A_MAX + 1] = {
	[FXS_TIMING_A_DEBOUNCE_MS] = { .type = NLA_U32 },
	[FXS_TIMING_A_PULSE_BREAK_MAX_MS] = { .type = NLA_U32 },
	[FXS_TIMING_A_INTERDIGIT_MS] = { .type = NLA_U32 },
	[FXS_TIMING_A_FLASH_MIN_MS] = { .type = NLA_U32 },
	[FXS_TIMING_A_FLASH_MAX_MS] = { .type = NLA_U32 },
};

static void put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isgraph(c) && c != '%' && c != '=' && c != '"')
			fputc(c, f);
		else
			fprintf(f, "%%%02X", c);
	}
}

static void put_str(FILE *f, const char *key, const struct nlattr *a)
{
	fprintf(f, " %s=", key);
	put_escaped(f, nla_get_string((struct nlattr *)a));
}

static void put_named(FILE *f, const char *key, const struct fxsnl_name *t,
		      int value)
{
	const char *name = fxsnl_name_of(t, value);

	if (name)
		fprintf(f, " %s=%s", key, name);
	else
		fprintf(f, " %s=%d", key, value);
}

static void put_cadence(FILE *f, struct nlattr *nest)
{
	struct nlattr *a;
	const char *sep = "";
	int rem;

	fputs(" cadence=", f);
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != FXS_A_RING_STEP || nla_len(a) != 4) {
			fprintf(f, "%s?", sep);
		} else {
			fprintf(f, "%s%" PRIu32, sep, nla_get_u32(a));
		}
		sep = ",";
	}
}

static int put_timing(FILE *f, struct nlattr *nest)
{
	struct nlattr *tb[FXS_TIMING_A_MAX + 1];
	const struct fxsnl_name *t;
	int err;

	err = nla_parse_nested(tb, FXS_TIMING_A_MAX, nest, timing_policy);
	if (err < 0)
		return err;
	for (t = fxsnl_timing_attrs; t->name; t++) {
		if (tb[t->value])
			fprintf(f, " timing.%s=%" PRIu32, t->name,
				nla_get_u32(tb[t->value]));
	}
	return 0;
}

/*
 * Prints one message of the family: "port ..." for a GET reply,
 * "event=NAME ..." for a notification, then the attributes in a fixed
 * order, then rx=@rx_ns when given.  Returns a negative libnl error for a
 * message that does not follow the UAPI (reported on stderr).
 */
int fxsnl_print_msg(FILE *f, struct nl_msg *msg, const uint64_t *rx_ns)
{
	struct nlmsghdr *hdr = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(hdr);
	struct nlattr *tb[FXS_A_MAX + 1];
	const char *ev;
	int err;

	err = genlmsg_parse(hdr, 0, tb, FXS_A_MAX, port_policy);
	if (err < 0) {
		fprintf(stderr, "fxsnl: malformed message (cmd %u): %s\n",
			gh->cmd, nl_geterror(err));
		return err;
	}

	ev = fxsnl_name_of(fxsnl_events, gh->cmd);
	if (gh->cmd == FXS_CMD_PORT_GET)
		fputs("port", f);
	else if (ev)
		fprintf(f, "event=%s", ev);
	else
		fprintf(f, "message cmd=%u", gh->cmd);

	if (tb[FXS_A_PORT_INDEX])
		fprintf(f, " index=%" PRIu32,
			nla_get_u32(tb[FXS_A_PORT_INDEX]));
	if (tb[FXS_A_PORT_NAME])
		put_str(f, "name", tb[FXS_A_PORT_NAME]);
	if (tb[FXS_A_LOCATION])
		put_named(f, "location", fxsnl_locations,
			  nla_get_u8(tb[FXS_A_LOCATION]));
	if (tb[FXS_A_EXPANDER])
		put_str(f, "expander", tb[FXS_A_EXPANDER]);
	if (tb[FXS_A_EXPANDER_PORT])
		fprintf(f, " expander_port=%" PRIu32,
			nla_get_u32(tb[FXS_A_EXPANDER_PORT]));
	if (tb[FXS_A_DRIVER])
		put_str(f, "driver", tb[FXS_A_DRIVER]);
	if (tb[FXS_A_HOOK])
		fprintf(f, " hook=%s", nla_get_u8(tb[FXS_A_HOOK]) ==
			FXS_HOOK_OFFHOOK ? "offhook" : "onhook");
	if (tb[FXS_A_HOOK_SINCE])
		fprintf(f, " hook_since=%" PRIu64,
			nla_get_u64(tb[FXS_A_HOOK_SINCE]));
	if (tb[FXS_A_LINEFEED])
		put_named(f, "linefeed", fxsnl_linefeeds,
			  nla_get_u8(tb[FXS_A_LINEFEED]));
	if (tb[FXS_A_RINGING])
		fprintf(f, " ringing=%u", nla_get_u8(tb[FXS_A_RINGING]));
	if (tb[FXS_A_RING_CADENCE])
		put_cadence(f, tb[FXS_A_RING_CADENCE]);
	if (tb[FXS_A_TIMING] && put_timing(f, tb[FXS_A_TIMING]) < 0)
		fputs(" timing=malformed", f);
	if (tb[FXS_A_DIGIT])
		fprintf(f, " digit=%u", nla_get_u8(tb[FXS_A_DIGIT]));
	if (tb[FXS_A_TIMESTAMP])
		fprintf(f, " ts=%" PRIu64, nla_get_u64(tb[FXS_A_TIMESTAMP]));
	if (tb[FXS_A_FAULT])
		put_str(f, "fault", tb[FXS_A_FAULT]);
	if (rx_ns)
		fprintf(f, " rx=%" PRIu64, *rx_ns);
	fputc('\n', f);
	return 0;
}

/* A reply handler for fxsnl_request(): each message on stdout. */
void fxsnl_print_reply(struct nl_msg *msg, void *arg)
{
	(void)arg;
	fxsnl_print_msg(stdout, msg, NULL);
}
