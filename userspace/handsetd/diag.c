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
