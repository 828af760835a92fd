/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Configuration diagnostics.  Validation does not stop at the first problem:
 * an administrator fixing a file wants the whole list at once, and the same
 * list is printed by -n, returned by "handsetctl reload" and logged.
 */
#include <stdarg.h>
#include <syslog.h>
#include "handsetd.h"
#include "config_diag.h"

struct diag {
	struct list lines;
	unsigned errors;
	unsigned warnings;
};

struct diag_line {
	struct le le;
	char *text;
	bool error;
};

static void diag_destructor(void *arg)
{
	struct diag *d = arg;

	list_flush(&d->lines);
}

static void line_destructor(void *arg)
{
	struct diag_line *l = arg;

	list_unlink(&l->le);
	mem_deref(l->text);
}

int diag_alloc(struct diag **dp)
{
	struct diag *d;

	if (!dp)
		return EINVAL;

	d = mem_zalloc(sizeof(*d), diag_destructor);
	if (!d)
		return ENOMEM;

	list_init(&d->lines);
	*dp = d;

	return 0;
}

static void vadd(struct diag *d, bool error, const char *file, int line,
		 const char *fmt, va_list ap)
{
	struct diag_line *l;
	char msg[512];
	int err;

	if (!d)
		return;

	(void)re_vsnprintf(msg, sizeof(msg), fmt, ap);

	l = mem_zalloc(sizeof(*l), line_destructor);
	if (!l)
		return;

	if (line > 0)
		err = re_sdprintf(&l->text, "%s:%d: %s%s", file, line,
				  error ? "" : "warning: ", msg);
	else
		err = re_sdprintf(&l->text, "%s: %s%s", file,
				  error ? "" : "warning: ", msg);
	if (err) {
		mem_deref(l);
		return;
	}

	l->error = error;
	if (error)
		++d->errors;
	else
		++d->warnings;

	list_append(&d->lines, &l->le, l);
}

void diag_error(struct diag *d, const char *file, int line,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(d, true, file, line, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag *d, const char *file, int line,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(d, false, file, line, fmt, ap);
	va_end(ap);
}

const char *conf_file(const config_setting_t *s, const char *file)
{
	const char *f = s ? config_setting_source_file(s) : NULL;

	return f ? f : file;
}

int conf_line(const config_setting_t *s)
{
	return s ? (int)config_setting_source_line(s) : 0;
}

void conf_diag(struct diag *d, bool error, const char *file,
	       const config_setting_t *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(d, error, conf_file(s, file), conf_line(s), fmt, ap);
	va_end(ap);
}

int conf_list_len(const config_setting_t *s)
{
	if (s && config_setting_type(s) == CONFIG_TYPE_STRING)
		return 1;
	if (!s || !config_setting_is_aggregate(s))
		return -1;

	return config_setting_length(s);
}

const config_setting_t *conf_list_elem(const config_setting_t *s, int i)
{
	return config_setting_type(s) == CONFIG_TYPE_STRING ? s :
		config_setting_get_elem(s, (unsigned)i);
}

const char *conf_abs_path(struct diag *d, const char *file,
			  const config_setting_t *grp, const char *block,
			  const char *key, const config_setting_t **sp)
{
	const config_setting_t *s;
	const char *str;

	s = grp ? config_setting_get_member(grp, key) : NULL;
	if (sp)
		*sp = s;
	if (!s)
		return NULL;

	str = config_setting_get_string(s);
	if (!str) {
		conf_diag(d, true, file, s, "%s: \"%s\" must be a path in "
			  "double quotes", block, key);
		return NULL;
	}
	if (str[0] != '/') {
		conf_diag(d, true, file, s, "%s: %s must be an absolute path, "
			  "not \"%s\"", block, key, str);
		return NULL;
	}

	return str;
}

void conf_u32(struct diag *d, const char *file, const config_setting_t *grp,
	      const char *block, const char *key, uint32_t *val, uint32_t lo,
	      uint32_t hi)
{
	const config_setting_t *s;
	long long v;

	s = grp ? config_setting_get_member(grp, key) : NULL;
	if (!s)
		return;

	if (config_setting_type(s) != CONFIG_TYPE_INT &&
	    config_setting_type(s) != CONFIG_TYPE_INT64) {
		conf_diag(d, true, file, s, "%s: \"%s\" must be a whole "
			  "number", block, key);
		return;
	}

	v = config_setting_get_int64(s);
	if (v < (long long)lo || v > (long long)hi) {
		conf_diag(d, true, file, s, "%s: %s = %lld is out of range "
			  "(%u to %u)", block, key, v, lo, hi);
		return;
	}

	*val = (uint32_t)v;
}

unsigned diag_errors(const struct diag *d)
{
	return d ? d->errors : 0;
}

unsigned diag_warnings(const struct diag *d)
{
	return d ? d->warnings : 0;
}

int diag_print(struct re_printf *pf, const struct diag *d)
{
	struct le *le;
	int err = 0;

	if (!d)
		return 0;

	for (le = d->lines.head; le; le = le->next) {
		const struct diag_line *l = le->data;

		err |= re_hprintf(pf, "%s\n", l->text);
	}

	return err;
}

void diag_log(const struct diag *d)
{
	struct le *le;

	if (!d)
		return;

	for (le = d->lines.head; le; le = le->next) {
		const struct diag_line *l = le->data;

		log_msg(l->error ? LOG_ERR : LOG_WARNING, "%s", l->text);
	}
}
