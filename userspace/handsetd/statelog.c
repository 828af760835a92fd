/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The machine state (bindings, discovered devices) as an append-only log in
 * state_dir, with group commit: records appended while one batch is being
 * written and fdatasync'ed by a worker thread form the next batch, and the
 * callers waiting on a batch (the 200 OK of a REGISTER) run only after it is
 * on disk.  So an acknowledged binding survives kill -9, and the cost of a
 * sync is shared by every registration that arrived meanwhile.
 *
 * Each line is "<check> <fields...>\n": check is the hex Jenkins hash of
 * the rest of the line, the fields are separated by single spaces and
 * percent-escaped.  A torn last line (crash during write) fails
 * its length or checksum test and is cut off on the next start.  Compaction
 * rewrites the live records to a temporary file, fsyncs it and renames it
 * over the log, so a crash leaves either the old or the new file.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include "handsetd.h"
#include "afile.h"

enum {
	SNAP_CHUNK = 65536,
	READ_CHUNK = 65536,
};

struct waiter {
	struct le le;
	statelog_done_h *doneh;
	void *arg;
	uint64_t seq;
};

struct statelog {
	char *path;
	int fd;
	int efd;
	struct mbuf *cur;         /* main thread: the batch being filled */
	struct list waiters;      /* main thread: ordered by seq         */
	uint64_t cur_seq;         /* the batch cur belongs to            */
	uint64_t records;         /* lines in the log file               */
	uint64_t last_append;     /* tmr_jiffies() of the newest record  */
	struct tmr kick_tmr;
	struct mbuf *snap;        /* non-NULL while compacting           */
	struct afile *snapf;      /* the new log while compacting        */
	int snap_err;

	/* shared with the worker, under mtx */
	pthread_t thr;
	pthread_mutex_t mtx;
	pthread_cond_t cond;
	struct mbuf *inflight;
	uint64_t inflight_seq;
	bool busy;
	bool done;
	bool quit;
	int result;
	bool thread;
};

static void *worker(void *arg)
{
	struct statelog *sl = arg;
	uint64_t one = 1;

	for (;;) {
		struct mbuf *mb;
		int err;

		pthread_mutex_lock(&sl->mtx);
		while (!sl->quit && (!sl->inflight || sl->done))
			pthread_cond_wait(&sl->cond, &sl->mtx);
		if (sl->quit && (!sl->inflight || sl->done)) {
			pthread_mutex_unlock(&sl->mtx);
			break;
		}
		mb = sl->inflight;
		pthread_mutex_unlock(&sl->mtx);

		err = afile_write_fd(sl->fd, mb->buf, mb->end);
		if (!err && fdatasync(sl->fd))
			err = errno;

		pthread_mutex_lock(&sl->mtx);
		sl->result = err;
		sl->done = true;
		pthread_mutex_unlock(&sl->mtx);

		if (write(sl->efd, &one, sizeof(one)) < 0)
			continue;
	}

	return NULL;
}

static void complete(struct statelog *sl, uint64_t seq, int err)
{
	while (sl->waiters.head) {
		struct waiter *w = sl->waiters.head->data;

		if (w->seq > seq)
			break;

		list_unlink(&w->le);
		w->doneh(err, w->arg);
		mem_deref(w);
	}
}

static void kick(struct statelog *sl);

/* Main thread: the worker finished a batch. */
static bool reap(struct statelog *sl)
{
	struct mbuf *mb = NULL;
	uint64_t seq = 0;
	bool done;
	int err = 0;

	pthread_mutex_lock(&sl->mtx);
	done = sl->busy && sl->done;
	if (done) {
		mb = sl->inflight;
		seq = sl->inflight_seq;
		err = sl->result;
		sl->inflight = NULL;
		sl->busy = false;
		sl->done = false;
	}
	pthread_mutex_unlock(&sl->mtx);

	if (!done)
		return false;

	mem_deref(mb);
	if (err)
		log_msg(LOG_ERR, "state log %s: write failed: %m", sl->path,
			err);
	complete(sl, seq, err);

	return true;
}

static void efd_handler(int flags, void *arg)
{
	struct statelog *sl = arg;
	uint64_t n;

	(void)flags;

	if (read(sl->efd, &n, sizeof(n)) < 0 && errno != EAGAIN)
		return;

	if (reap(sl))
		kick(sl);
}

/* Hand the current batch to the worker unless it is still busy. */
static void kick(struct statelog *sl)
{
	bool handoff = false;

	if (!sl->cur->end && !sl->waiters.head)
		return;

	pthread_mutex_lock(&sl->mtx);
	if (!sl->busy) {
		struct mbuf *mb = mbuf_alloc(4096);

		if (mb) {
			sl->inflight = sl->cur;
			sl->inflight_seq = sl->cur_seq;
			sl->cur = mb;
			sl->busy = true;
			sl->done = false;
			++sl->cur_seq;
			handoff = true;
		}
	}
	pthread_mutex_unlock(&sl->mtx);

	if (handoff)
		pthread_cond_signal(&sl->cond);
}

static void kick_handler(void *arg)
{
	kick(arg);
}

static void statelog_destructor(void *arg)
{
	struct statelog *sl = arg;

	tmr_cancel(&sl->kick_tmr);

	if (sl->thread) {
		(void)statelog_sync(sl);
		pthread_mutex_lock(&sl->mtx);
		sl->quit = true;
		pthread_mutex_unlock(&sl->mtx);
		pthread_cond_signal(&sl->cond);
		pthread_join(sl->thr, NULL);
	}

	/* whoever still waits hears that the state is not durable */
	complete(sl, UINT64_MAX, ECANCELED);

	if (sl->efd >= 0) {
		fd_close(sl->efd);
		(void)close(sl->efd);
	}
	if (sl->fd >= 0)
		(void)close(sl->fd);
	pthread_mutex_destroy(&sl->mtx);
	pthread_cond_destroy(&sl->cond);
	mem_deref(sl->cur);
	mem_deref(sl->inflight);
	mem_deref(sl->snap);
	mem_deref(sl->path);
	mem_deref(sl->snapf);
}

static void field_decode(char *s)
{
	char *w = s;

	if (!strcmp(s, "-")) {
		*s = '\0';
		return;
	}

	for (; *s; s++) {
		int hi, lo;

		if (*s == '%' && (hi = hex_digit(s[1])) >= 0 &&
		    (lo = hex_digit(s[2])) >= 0) {
			*w++ = (char)(hi << 4 | lo);
			s += 2;
		}
		else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

/* One complete line without its "\n"; false when it fails its checksum. */
static bool replay_line(char *line, size_t len, statelog_record_h *rech,
			void *arg)
{
	char *argv[STATELOG_MAX_FIELDS];
	struct pl crcpl;
	char *p, *save = NULL;
	int argc = 0;

	if (len < 10 || line[8] != ' ')
		return false;

	crcpl.p = line;
	crcpl.l = 8;
	if (pl_x32(&crcpl) != hash_joaat((const uint8_t *)line + 9,
					 len - 9))
		return false;

	line[len] = '\0';
	for (p = strtok_r(line + 9, " ", &save);
	     p && argc < STATELOG_MAX_FIELDS;
	     p = strtok_r(NULL, " ", &save)) {
		field_decode(p);
		argv[argc++] = p;
	}

	if (argc && rech)
		rech(argc, argv, arg);

	return true;
}

static int replay(struct statelog *sl, statelog_record_h *rech, void *arg)
{
	struct mbuf *mb;
	size_t start = 0, good = 0, i;
	uint64_t bad = 0;
	int err = 0;

	mb = mbuf_alloc(READ_CHUNK);
	if (!mb)
		return ENOMEM;

	for (;;) {
		ssize_t n;

		if (mb->size - mb->end < READ_CHUNK &&
		    mbuf_resize(mb, mb->size * 2)) {
			err = ENOMEM;
			goto out;
		}
		n = read(sl->fd, mb->buf + mb->end, mb->size - mb->end - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			goto out;
		}
		if (n == 0)
			break;
		mb->end += (size_t)n;
	}

	for (i = 0; i < mb->end; i++) {
		if (mb->buf[i] != '\n')
			continue;

		if (replay_line((char *)mb->buf + start, i - start, rech,
				arg))
			++sl->records;
		else
			++bad;
		start = i + 1;
		good = start;
	}

	if (bad)
		log_msg(LOG_WARNING, "state log %s: skipped %llu damaged "
			"record(s)", sl->path, (unsigned long long)bad);

	/* a torn tail must go, or the next append would extend it */
	if (good < mb->end) {
		log_msg(LOG_WARNING, "state log %s: dropped an incomplete "
			"last record (%zu bytes)", sl->path, mb->end - good);
		if (ftruncate(sl->fd, (off_t)good) || fsync(sl->fd))
			err = errno;
	}

 out:
	mem_deref(mb);

	return err;
}

int statelog_open(struct statelog **slp, const char *dir,
		  statelog_record_h *rech, void *arg)
{
	struct statelog *sl;
	int err;

	if (!slp || !dir)
		return EINVAL;

	sl = mem_zalloc(sizeof(*sl), statelog_destructor);
	if (!sl)
		return ENOMEM;

	sl->fd = -1;
	sl->efd = -1;
	list_init(&sl->waiters);
	tmr_init(&sl->kick_tmr);
	pthread_mutex_init(&sl->mtx, NULL);
	pthread_cond_init(&sl->cond, NULL);

	err = re_sdprintf(&sl->path, "%s/state.log", dir);
	sl->cur = mbuf_alloc(4096);
	if (err || !sl->cur) {
		err = ENOMEM;
		goto out;
	}

	sl->fd = open(sl->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC,
		      0600);
	if (sl->fd < 0) {
		err = errno;
		log_msg(LOG_ERR, "cannot open %s: %m", sl->path, err);
		goto out;
	}

	err = replay(sl, rech, arg);
	if (err)
		goto out;

	sl->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (sl->efd < 0) {
		err = errno;
		goto out;
	}

	err = fd_listen(sl->efd, FD_READ, efd_handler, sl);
	if (err)
		goto out;

	err = pthread_create(&sl->thr, NULL, worker, sl);
	if (err)
		goto out;
	sl->thread = true;

 out:
	if (err)
		mem_deref(sl);
	else
		*slp = sl;

	return err;
}

int statelog_field(struct re_printf *pf, const char *str)
{
	const char *p;
	int err = 0;

	if (!str || !*str)
		return re_hprintf(pf, "-");

	if (!strcmp(str, "-"))
		return re_hprintf(pf, "%%2d");

	for (p = str; *p && !err; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch <= 0x20 || ch == 0x7f || ch == '%')
			err = re_hprintf(pf, "%%%02x", ch);
		else
			err = pf->vph(p, 1, pf->arg);
	}

	return err;
}

static int snap_flush(struct statelog *sl)
{
	int err;

	err = afile_write(sl->snapf, sl->snap->buf, sl->snap->end);
	mbuf_rewind(sl->snap);

	return err;
}

int statelog_append(struct statelog *sl, const char *fmt, ...)
{
	char *payload = NULL;
	struct mbuf *mb;
	va_list ap;
	int err;

	if (!sl || !fmt)
		return EINVAL;

	va_start(ap, fmt);
	err = re_vsdprintf(&payload, fmt, ap);
	va_end(ap);
	if (err)
		return err;

	mb = sl->snap ? sl->snap : sl->cur;
	err = mbuf_printf(mb, "%08x %s\n",
			  hash_joaat((const uint8_t *)payload,
				     strlen(payload)),
			  payload);
	mem_deref(payload);
	if (err)
		return err;

	++sl->records;
	sl->last_append = tmr_jiffies();

	if (sl->snap) {
		if (sl->snap->end >= SNAP_CHUNK && !sl->snap_err)
			sl->snap_err = snap_flush(sl);
		return 0;
	}

	/* records nobody waits for still reach the disk soon */
	if (!tmr_isrunning(&sl->kick_tmr))
		tmr_start(&sl->kick_tmr, 0, kick_handler, sl);

	return 0;
}

int statelog_wait(struct statelog *sl, statelog_done_h *doneh, void *arg)
{
	struct waiter *w;

	if (!sl || !doneh)
		return EINVAL;

	w = mem_zalloc(sizeof(*w), NULL);
	if (!w)
		return ENOMEM;

	w->doneh = doneh;
	w->arg = arg;
	w->seq = sl->cur_seq;
	list_append(&sl->waiters, &w->le, w);

	kick(sl);

	return 0;
}

/* Everything appended so far is on disk when this returns 0. */
int statelog_sync(struct statelog *sl)
{
	uint64_t seq;
	int err = 0;

	if (!sl)
		return EINVAL;

	while (sl->busy) {
		uint64_t n;

		if (reap(sl))
			break;
		if (read(sl->efd, &n, sizeof(n)) < 0 && errno == EAGAIN)
			(void)usleep(200);
	}

	seq = sl->cur_seq;
	if (sl->cur->end) {
		err = afile_write_fd(sl->fd, sl->cur->buf, sl->cur->end);
		if (!err && fdatasync(sl->fd))
			err = errno;
		mbuf_rewind(sl->cur);
	}
	++sl->cur_seq;
	complete(sl, seq, err);

	return err;
}

static bool idle(const struct statelog *sl)
{
	return !sl->busy && !sl->cur->end && !sl->waiters.head;
}

static uint64_t compaction_limit(uint32_t live)
{
	return 4 * (uint64_t)live + 10000;
}

bool statelog_wants_compaction(const struct statelog *sl, uint32_t live)
{
	return sl && sl->records > compaction_limit(live);
}

/*
 * Compaction runs on the event loop and stalls it: with 10,000 bindings
 * about 25 ms, most of it formatting the snapshot.  In a burst (the office
 * powering up after a power cut) that delays every request and can
 * overflow the UDP receive buffer, so compaction waits until nothing was
 * appended for quiet_ms, when the burst is over.  A log twice its limit is
 * compacted at the next idle moment all the same: the disk it takes, and
 * the replay at the next start, stay bounded under endless traffic.
 */
bool statelog_compaction_due(const struct statelog *sl, uint32_t live,
			     uint64_t quiet_ms)
{
	uint64_t limit = compaction_limit(live);

	if (!sl || !idle(sl) || sl->records <= limit)
		return false;

	return sl->records > 2 * limit ||
	       tmr_jiffies() - sl->last_append >= quiet_ms;
}

int statelog_compact(struct statelog *sl, statelog_snapshot_h *snaph,
		     void *arg)
{
	uint64_t old_records, t0 = tmr_jiffies();
	int fd = -1;
	int err;

	if (!sl || !snaph)
		return EINVAL;

	err = statelog_sync(sl);
	if (err)
		return err;

	sl->snap = mbuf_alloc(SNAP_CHUNK + 4096);
	if (!sl->snap)
		return ENOMEM;

	err = afile_open(&sl->snapf, sl->path, 0600);
	if (err)
		goto out;

	old_records = sl->records;
	sl->records = 0;
	sl->snap_err = 0;
	err = snaph(sl, arg);
	if (!err)
		err = sl->snap_err;
	if (!err)
		err = snap_flush(sl);
	if (!err)
		err = afile_commit(sl->snapf);
	if (err) {
		sl->records = old_records;
		goto out;
	}

	fd = open(sl->path, O_RDWR | O_APPEND | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		goto out;
	}
	(void)close(sl->fd);
	sl->fd = fd;
	log_msg(LOG_INFO, "state log %s: compacted %llu records to %llu "
		"in %llu ms", sl->path, (unsigned long long)old_records,
		(unsigned long long)sl->records,
		(unsigned long long)(tmr_jiffies() - t0));

 out:
	sl->snapf = mem_deref(sl->snapf);
	sl->snap = mem_deref(sl->snap);
	if (err) {
		log_msg(LOG_ERR, "state log %s: compaction failed: %m",
			sl->path, err);
	}

	return err;
}
