/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * analog_autos.c - the auto-created analog handsets (struct analog_auto,
 * kept in a list by analog.c) and their persistence.  They live in
 * state_dir/analog-handsets.conf, never in the administrator's file
 * (libconfig would drop its comments when writing it); the file is
 * replaced atomically, so a crash leaves the old list or the new one.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <libconfig.h>
#include "handsetd.h"
#include "afile.h"
#include "analog_autos.h"

#define STATE_FILE	"analog-handsets.conf"

static void auto_destructor(void *data)
{
	struct analog_auto *ah = data;

	list_unlink(&ah->le);
	mem_deref(ah->user_id);
	mem_deref(ah->port);
}

/* by_port: match key against the port, else against the user ID */
static struct analog_auto *find(const struct list *autos, bool by_port,
				const char *key)
{
	struct le *le;

	for (le = list_head(autos); le; le = le->next) {
		struct analog_auto *ah = le->data;

		if (!strcmp(by_port ? ah->port : ah->user_id, key))
			return ah;
	}

	return NULL;
}

struct analog_auto *analog_autos_by_port(const struct list *autos,
					 const char *port)
{
	return find(autos, true, port);
}

struct analog_auto *analog_autos_by_uid(const struct list *autos,
					const char *user_id)
{
	return find(autos, false, user_id);
}

/* The entry is freed with mem_deref, which also unlinks it. */
int analog_autos_add(struct list *autos, const char *user_id,
		     const char *port, uint64_t created)
{
	struct analog_auto *ah;
	int err;

	ah = mem_zalloc(sizeof(*ah), auto_destructor);
	if (!ah)
		return ENOMEM;

	err  = str_dup(&ah->user_id, user_id);
	err |= str_dup(&ah->port, port);
	if (err) {
		mem_deref(ah);
		return ENOMEM;
	}

	ah->created = created;
	list_append(autos, &ah->le, ah);

	return 0;
}

int analog_autos_path(char **pathp, const char *state_dir)
{
	return re_sdprintf(pathp, "%s/" STATE_FILE, state_dir);
}

/* A missing file is an empty list: nothing was auto-created yet. */
int analog_autos_load(struct list *autos, const char *path)
{
	config_setting_t *list;
	config_t cf;
	int i, n, err = 0;

	if (access(path, F_OK) && errno == ENOENT)
		return 0;

	config_init(&cf);

	if (config_read_file(&cf, path) != CONFIG_TRUE) {
		log_msg(LOG_ERR, "%s:%d: %s", path, config_error_line(&cf),
			config_error_text(&cf));
		err = EINVAL;
		goto out;
	}

	list = config_lookup(&cf, "analog_handsets");
	n = list ? config_setting_length(list) : 0;

	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(list, i);
		const char *uid, *port;
		long long created = 0;

		if (!config_setting_lookup_string(e, "user_id", &uid) ||
		    !config_setting_lookup_string(e, "port", &port)) {
			log_msg(LOG_ERR, "%s: entry %d lacks user_id or port",
				path, i + 1);
			err = EINVAL;
			goto out;
		}

		(void)config_setting_lookup_int64(e, "created", &created);

		err = analog_autos_add(autos, uid, port, (uint64_t)created);
		if (err)
			goto out;
	}

 out:
	config_destroy(&cf);

	return err;
}

static int add_string(config_setting_t *group, const char *name,
		      const char *value)
{
	config_setting_t *s = config_setting_add(group, name,
						 CONFIG_TYPE_STRING);

	return s && config_setting_set_string(s, value) ? 0 : ENOMEM;
}

static int to_config(config_t *cf, const struct list *autos)
{
	config_setting_t *list;
	struct le *le;

	list = config_setting_add(config_root_setting(cf), "analog_handsets",
				  CONFIG_TYPE_LIST);
	if (!list)
		return ENOMEM;

	for (le = list_head(autos); le; le = le->next) {
		const struct analog_auto *ah = le->data;
		config_setting_t *e, *s;

		e = config_setting_add(list, NULL, CONFIG_TYPE_GROUP);
		if (!e || add_string(e, "user_id", ah->user_id) ||
		    add_string(e, "port", ah->port))
			return ENOMEM;

		s = config_setting_add(e, "created", CONFIG_TYPE_INT64);
		if (!s || !config_setting_set_int64(s,
						(long long)ah->created))
			return ENOMEM;
	}

	return 0;
}

int analog_autos_save(const struct list *autos, const char *path)
{
	struct afile *af = NULL;
	config_t cf;
	FILE *f = NULL;
	int err, fd;

	config_init(&cf);

	err = to_config(&cf, autos);
	if (err)
		goto out;

	err = afile_open(&af, path, 0644);
	if (err)
		goto out;

	/* libconfig writes to a stdio stream: give it its own descriptor */
	fd = dup(afile_fd(af));
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		err = errno;
		if (fd >= 0)
			(void)close(fd);
		goto out;
	}

	config_write(&cf, f);
	err = fflush(f) || ferror(f) ? (errno ? errno : EIO) : 0;
	if (fclose(f) && !err)
		err = errno;
	if (err)
		goto out;

	err = afile_commit(af);

 out:
	if (err)
		log_msg(LOG_ERR, "cannot save %s: %m", path, err);
	mem_deref(af);
	config_destroy(&cf);

	return err;
}
