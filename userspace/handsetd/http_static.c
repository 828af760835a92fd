/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The page's stylesheet and script, compiled in from userspace/web/ with
 * the assembler's .incbin: the daemon serves them without touching the
 * file system (so no path from a request ever reaches it), and the
 * installed program cannot disagree with the page it renders.  Each gets
 * an ETag from its bytes so a browser revalidates cheaply (304).
 */
#include <string.h>
#include "http.h"

#ifndef WEB_DIR
#error "WEB_DIR must name the directory of the page's files"
#endif

#define ASSET(sym, file) \
	__asm__(".section .rodata\n" \
		".balign 16\n" \
		".type " #sym ", @object\n" \
		#sym ":\n" \
		".incbin \"" WEB_DIR "/" file "\"\n" \
		#sym "_end:\n" \
		".byte 0\n" \
		".balign 8\n" \
		#sym "_size:\n" \
		".quad " #sym "_end - " #sym "\n" \
		".previous\n")

ASSET(web_css, "handsets.css");
ASSET(web_js, "handsets.js");

extern const char web_css[], web_js[];
extern const uint64_t web_css_size, web_js_size;

static struct http_asset assets[] = {
	{ "/static/handsets.css", "text/css; charset=utf-8", NULL, 0, "" },
	{ "/static/handsets.js", "text/javascript; charset=utf-8", NULL, 0,
	  "" },
};

static void assets_init(void)
{
	size_t i;

	assets[0].data = web_css;
	assets[0].len = (size_t)web_css_size;
	assets[1].data = web_js;
	assets[1].len = (size_t)web_js_size;

	for (i = 0; i < ARRAY_SIZE(assets); i++)
		re_snprintf(assets[i].etag, sizeof(assets[i].etag),
			    "\"%08x\"", hash_joaat((const uint8_t *)
						   assets[i].data,
						   assets[i].len));
}

const struct http_asset *http_asset_find(const struct pl *path)
{
	size_t i;

	if (!assets[0].data)
		assets_init();

	for (i = 0; i < ARRAY_SIZE(assets); i++) {
		if (!pl_strcmp(path, assets[i].path))
			return &assets[i];
	}

	return NULL;
}
