/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ports block of handsetd.conf (config_ports.c): presets, precedence
 * port > location > all > preset > kernel default with the origin of each
 * value, and every mistake reported with file:line.
 */
#include <string.h>
#include "handsetd.h"
#include "port_conf.h"
#include "tap.h"
#include "conf_parse.h"

static struct port_resolved res;

/* Resolves port @name at @loc; false without a configuration. */
static bool resolve(const struct config *cfg, const char *name,
		    enum fxs_location loc)
{
	if (!cfg)
		return false;
	port_conf_resolve(cfg->ports, name, loc, &res);

	return true;
}

static bool origin_is(enum port_key k, enum port_layer_kind kind, int line)
{
	if (res.origin[k].kind == kind && res.origin[k].line == line)
		return true;
	printf("# %s: origin %s line %d\n", port_key_name(k),
	       port_layer_name(res.origin[k].kind), res.origin[k].line);

	return false;
}

static void presets(void)
{
	static const char *const countries[] = {
		"us", "uk", "de", "fr", "au"
	};
	char text[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(countries); i++) {
		struct config *cfg;

		(void)re_snprintf(text, sizeof(text),
				  HEAD "ports = { country = \"%s\"; };\n",
				  countries[i]);
		cfg = parse(text);
		ok(cfg && nerr == 0 && nwarn == 0 &&
		   resolve(cfg, "sim0", FXS_LOCATION_BUILTIN) &&
		   res.origin[PK_CADENCE].kind == PL_PRESET &&
		   res.origin[PK_FLASH_MIN].kind == PL_PRESET &&
		   res.origin[PK_DEBOUNCE].kind == PL_KERNEL,
		   "country \"%s\": accepted by the kernel's rules, sets "
		   "cadence and flash, keeps the kernel's debounce",
		   countries[i]);
		mem_deref(cfg);
	}
}

int main(void)
{
	char text[PORT_VALUE_STR_SIZE];
	struct config *cfg;

	if (libre_init())
		return 1;

	cfg = parse(HEAD);
	ok(cfg && !cfg->ports && resolve(cfg, "sim0", FXS_LOCATION_BUILTIN) &&
	   res.v.timing[PK_FLASH_MIN] == FXS_FLASH_MIN_MS_DEFAULT &&
	   res.v.cadencec == 2 &&
	   res.v.cadence[0] == FXS_RING_DEFAULT_ON_MS &&
	   res.v.linefeed == FXS_LINEFEED_FORWARD_ACTIVE &&
	   origin_is(PK_FLASH_MAX, PL_KERNEL, 0),
	   "no ports block: every port keeps the kernel's defaults");
	mem_deref(cfg);

	presets();

	cfg = parse(HEAD "ports = { country = \"uk\"; };\n");
	ok(resolve(cfg, "sim0", FXS_LOCATION_BUILTIN) &&
	   !strcmp(port_value_str(text, sizeof(text), &res.v, PK_CADENCE),
		   "400,200,400,2000") &&
	   !strcmp(port_value_str(text, sizeof(text), &res.v, PK_FLASH_MAX),
		   "300") &&
	   !strcmp(port_value_str(text, sizeof(text), &res.v, PK_LINEFEED),
		   "forward-active"),
	   "values are shown as they are written");
	ok(resolve(cfg, "sim0", FXS_LOCATION_BUILTIN) &&
	   res.v.cadencec == 4 && res.v.cadence[0] == 400 &&
	   res.v.cadence[1] == 200 && res.v.cadence[3] == 2000 &&
	   origin_is(PK_CADENCE, PL_PRESET, 2),
	   "uk: BT ring cadence 400,200,400,2000 from the country line");
	mem_deref(cfg);

	cfg = parse(HEAD
		"ports = {\n"					/* 2 */
		"  country = \"de\";\n"				/* 3 */
		"  all = { interdigit_ms = 300; flash_max_ms = 600; };\n"
		"  builtin = { flash_max_ms = 700;\n"		/* 5 */
		"    linefeed = \"reverse-active\"; };\n"	/* 6 */
		"  expander = { ring_cadence = [ 800, 3200 ]; };\n"
		"  port = (\n"					/* 8 */
		"    { name = \"sim1\"; flash_max_ms = 900;\n"	/* 9 */
		"      ring_cadence = [ 500, 500, 500, 2500 ]; },\n"
		"    { name = \"exp-AB12-3\"; linefeed = \"open\"; }\n"
		"  );\n"
		"};\n");
	ok(cfg && nerr == 0 && nwarn == 0, "a full ports block is accepted");

	ok(resolve(cfg, "sim0", FXS_LOCATION_BUILTIN) &&
	   res.v.timing[PK_FLASH_MAX] == 700 &&
	   origin_is(PK_FLASH_MAX, PL_LOCATION, 5) &&
	   res.v.timing[PK_INTERDIGIT] == 300 &&
	   origin_is(PK_INTERDIGIT, PL_ALL, 4) &&
	   res.v.cadence[0] == 1000 && origin_is(PK_CADENCE, PL_PRESET, 3) &&
	   res.v.timing[PK_DEBOUNCE] == FXS_DEBOUNCE_MS_DEFAULT &&
	   origin_is(PK_DEBOUNCE, PL_KERNEL, 0) &&
	   res.v.linefeed == FXS_LINEFEED_REVERSE_ACTIVE &&
	   origin_is(PK_LINEFEED, PL_LOCATION, 6),
	   "built-in port: location > all > country > kernel default");

	ok(resolve(cfg, "sim1", FXS_LOCATION_BUILTIN) &&
	   res.v.timing[PK_FLASH_MAX] == 900 &&
	   origin_is(PK_FLASH_MAX, PL_PORT, 9) &&
	   res.v.cadencec == 4 && res.v.cadence[3] == 2500 &&
	   origin_is(PK_CADENCE, PL_PORT, 10) &&
	   res.v.linefeed == FXS_LINEFEED_REVERSE_ACTIVE,
	   "a port's own entry beats its location");

	ok(resolve(cfg, "exp-AB12-3", FXS_LOCATION_EXPANDER) &&
	   res.v.timing[PK_FLASH_MAX] == 600 &&
	   origin_is(PK_FLASH_MAX, PL_ALL, 4) &&
	   res.v.cadence[0] == 800 && origin_is(PK_CADENCE, PL_LOCATION, 7) &&
	   res.v.linefeed == FXS_LINEFEED_OPEN &&
	   origin_is(PK_LINEFEED, PL_PORT, 11),
	   "expander port: the expander block, not the builtin one");
	mem_deref(cfg);

	cfg = parse(HEAD "ports = { country = \"xx\"; };\n");
	ok(!cfg && nerr == 1 && has("t.conf:2:") && has("\"us\"") &&
	   has("not \"xx\""), "unknown country: t.conf:2, the list given");

	cfg = parse(HEAD "ports = {\n  all = { flash_min_ms = 5; };\n};\n");
	ok(!cfg && has("t.conf:3:") && has("flash_min_ms = 5 is out of range"),
	   "out-of-range value: its line, the range");

	cfg = parse(HEAD "ports = {\n  all = {\n"
		    "    ring_cadence = [ 1000, 2000, 3000 ]; };\n};\n");
	ok(!cfg && has("t.conf:4:") && has("even number of steps"),
	   "odd ring cadence refused at its line");

	cfg = parse(HEAD "ports = { all = { ring_cadence = [ 50, 2000 ]; }; "
		    "};\n");
	ok(!cfg && has("step 1 = 50 ms is out of range"),
	   "cadence step below the kernel's minimum refused");

	cfg = parse(HEAD "ports = { builtin = { linefeed = \"ringing\"; }; "
		    "};\n");
	ok(!cfg && has("t.conf:2:") && has("not \"ringing\""),
	   "unknown linefeed refused, the valid names given");

	cfg = parse(HEAD "ports = { port = (\n"
		    "  { name = \"sim0\"; debounce_ms = 20; },\n"
		    "  { name = \"sim0\"; debounce_ms = 30; }\n);\n};\n");
	ok(!cfg && has("t.conf:4:") && has("already configured at t.conf:3"),
	   "a port configured twice: both places");

	cfg = parse(HEAD "ports = { port = ( { name = \".x\"; } ); };\n");
	ok(!cfg && has("is not a port name"), "an invalid port name refused");

	cfg = parse(HEAD "ports = { port = ( { debounce_ms = 5; } ); };\n");
	ok(!cfg && has("is required"), "a port entry without a name refused");

	/* uk's recall window starts at 80 ms: a 100 ms pulse break
	 * maximum would make an open interval both a pulse and a flash */
	cfg = parse(HEAD "ports = {\n  country = \"uk\";\n"
		    "  expander = {\n    pulse_break_max_ms = 100; };\n};\n");
	ok(!cfg && nerr == 1 && has("t.conf:5:") &&
	   has("expander ports would get") &&
	   has("pulse break maximum must not exceed the flash minimum"),
	   "contradictory windows: the kernel's words, at the most specific "
	   "line, for the kind of port that gets them");

	cfg = parse(HEAD "ports = { port = ( { name = \"sim0\";\n"
		    "  flash_min_ms = 900; flash_max_ms = 800; } ); };\n");
	ok(!cfg && nerr == 1 && has("t.conf:3:") && has("port sim0 would") &&
	   has("flash minimum must be shorter than the flash maximum"),
	   "a port's own contradiction reported once, at its entry");

	cfg = parse(HEAD "ports = { zone = \"us\";\n"
		    "  all = { flash_time = 300; }; };\n");
	ok(cfg && nerr == 0 && nwarn == 2 && has("unknown key \"zone\"") &&
	   has("t.conf:3:") && has("unknown key \"flash_time\""),
	   "unknown keys warned about, with their lines");
	mem_deref(cfg);

	cfg = parse(HEAD "ports = ( 1 );\n");
	ok(!cfg && has("must be a group"), "ports that is not a group");

	ok(port_name_is_expander("exp-AB12-3") &&
	   port_name_is_expander("exp-serial-with-dashes-64") &&
	   !port_name_is_expander("exp-AB12-0") &&
	   !port_name_is_expander("exp-AB12-100") &&
	   !port_name_is_expander("exp--3") &&
	   !port_name_is_expander("exp-.x-3") &&
	   !port_name_is_expander("exp-AB12") &&
	   !port_name_is_expander("sim0"),
	   "expander port names follow linux/fxs_name.h");

	mem_deref(out);
	libre_close();

	return tap_done();
}
