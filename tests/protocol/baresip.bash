# SPDX-License-Identifier: GPL-2.0-only
#
# A headless baresip for the protocol tests (sourced after lib.sh; not a
# test itself: the runner only runs *.sh): no audio device, no network but
# loopback, the account and menu modules so it registers and quits on "q".

# baresip_config DIR ACCOUNT_LINE...: DIR/config listening on a free
# loopback port and DIR/accounts with one account per argument.
baresip_config()
{
	_dir=$1
	shift
	mkdir -p "$_dir"
	cat >"$_dir/config" <<CFG
poll_method		epoll
sip_listen		127.0.0.1:$(hsd_free_port)
module_path		/usr/lib/baresip/modules
module			stdio.so
module			g711.so
module_app		account.so
module_app		menu.so
audio_player		aufile,/dev/null
audio_source		aufile,/dev/null
audio_alert		aufile,/dev/null
CFG
	printf '%s\n' "$@" >"$_dir/accounts"
}
