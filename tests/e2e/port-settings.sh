#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# handsetd.conf's ports block end to end, read back from the kernel with
# fxs_get: the settings reach the ports present when handsetd starts, the
# ports of an expander plugged later and the ports of a module loaded
# again; precedence port > location > all > country > kernel default; a
# reload applies a new file (and a removed value returns to the kernel's
# default); a reload with errors changes nothing.  Then the control
# commands: `handsetctl ports` shows each value and its origin, `monitor`
# prints hook, digit, flash and ring events, `ring` refuses an off-hook or
# unknown port and rings with the port's own cadence, which the emulated
# Si3215 really plays (its linefeed log), and `handsetd -n` warns about a
# port name that names no port.
. "$FXS_PROJECT/tests/vm/lib.sh"
. "$FXS_PROJECT/tests/e2e/analog.bash"
# shellcheck source=../kernel/si321x-lib.bash
. "$FXS_PROJECT/tests/kernel/si321x-lib.bash"

SIM=/sys/kernel/debug/fxs_sim
MONF=/tmp/port-settings-monitor.log

cleanup() {
	monitor_stop
	hs_stop
	grep -q '^present' "$EMU/device" 2>/dev/null && si_remove
	module_loaded si321x_emu && rmmod si321x_emu
	fxs_unload_all
	rm -f "$MONF" "$E2E.base.conf"
}
trap cleanup EXIT

# The value of KEY in one key=value line (fxs_get's output).
field() {
	sed -nE "s/.*(^| )$2=([^ ]*).*/\\2/p" <<< "$1"
}

# inject PORT "off 100 on 60 ...": a hook sequence timed by fxs_sim
inject() {
	echo "$2" > "$SIM/$1/inject"
}

inject_idle() {
	grep -q '^idle' "$SIM/$1/inject"
}

# kval PORT KEY: a value of the port as the kernel reports it (fxs_get)
kval() {
	field "$(fxs_get "$1")" "$2"
}

# kval_is PORT KEY VALUE: for wait_for
kval_is() {
	[ "$(kval "$1" "$2")" = "$3" ]
}

# timing PORT: "debounce pulse_break_max interdigit flash_min flash_max"
timing() {
	local l
	l=$(fxs_get "$1")
	echo "$(field "$l" timing.debounce_ms) $(field "$l" timing.pulse_break_max_ms) $(field "$l" timing.interdigit_ms) $(field "$l" timing.flash_min_ms) $(field "$l" timing.flash_max_ms)"
}

timing_is() {
	[ "$(timing "$1")" = "$2" ]
}

# ports_block TEXT: the configuration with this ports block (the first
# time a fresh scratch directory; then only the file, as an administrator
# edits it under a running daemon)
ports_block() {
	local base=$E2E.base.conf
	if [ ! -e "$base" ]; then
		e2e_setup '"none"'
		cp "$HS_CONF" "$base"
	fi
	{ cat "$base"; printf '%s\n' "$1"; } > "$HS_CONF"
}

# ports_line PORT KEY: that setting's line of `handsetctl ports`
ports_line() {
	ctl ports | awk -v p="$1:" -v k="$2" '
		$1 == p { in_port = 1; next }
		/^[^ ]/ { in_port = 0 }
		in_port && $1 == k { print; exit }'
}

# steps LOG: "on_avg off_avg" in ms of the complete ring steps of a log of
# "<ns> <state>" lines, state "on" for ringing
steps() {
	awk '
		NR > 1 && prev != "" {
			d = ($1 - t) / 1000000
			if (prev == "on") { on += d; non++ } else { off += d; noff++ }
		}
		{ t = $1; prev = $2 }
		END { printf "%d %d\n", non ? on / non : 0, noff ? off / noff : 0 }
	' "$1"
}

in_range() {
	[ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}

fxs_unload_all
rm -f "$E2E.base.conf"
check "fxs_sim loads two built-in ports" modprobe fxs_sim builtin_ports=2

BLOCK_DE='ports = {
  country = "de";
  all = { interdigit_ms = 400; };
  expander = { flash_max_ms = 600; };
  port = ( { name = "sim1"; ring_cadence = [ 600, 1400 ]; debounce_ms = 20; } );
};'
ports_block "$BLOCK_DE"
check "handsetd starts with a ports block" hs_start

# --- ports present at start ---------------------------------------------
check "sim0 gets de's cadence (country)" \
	wait_for 30 kval_is sim0 cadence 1000,4000
is "sim0 timing: kernel debounce, de windows, all's interdigit" \
	"$(timing sim0)" "10 80 400 80 300"
check "sim1 gets its own cadence (port beats country)" \
	wait_for 30 kval_is sim1 cadence 600,1400
is "sim1 timing: its own debounce over the rest" \
	"$(timing sim1)" "20 80 400 80 300"

# --- handsetctl ports ------------------------------------------------------
check "ports: sim0's header line" \
	bash -c "'$HANDSETCTL' -s '$HS_SOCK' ports | grep -q '^sim0: driver fxs_sim, built-in, on hook, line forward-active$'"
check "ports: the cadence from country de, at its line" \
	bash -c "grep -Eq 'ring_cadence +1000,4000 +country de \(.*handsetd.conf:[0-9]+\)$' <<< '$(ports_line sim0 ring_cadence)'"
check "ports: interdigit from all" \
	bash -c "grep -Eq 'interdigit_ms +400 +all \(' <<< '$(ports_line sim0 interdigit_ms)'"
check "ports: debounce is the kernel default on sim0" \
	bash -c "grep -Eq 'debounce_ms +10 +kernel default$' <<< '$(ports_line sim0 debounce_ms)'"
check "ports: sim1's debounce from its port entry" \
	bash -c "grep -Eq 'debounce_ms +20 +port \(' <<< '$(ports_line sim1 debounce_ms)'"
[ "$TAP_FAILED" != 0 ] && ctl ports | sed 's/^/# ports: /'

# --- an expander plugged later -------------------------------------------
echo "expander PLUG1 2" > "$SIM/new_device"
check "expander port gets the expander block's flash_max" \
	wait_for 60 timing_is exp-PLUG1-2 "10 80 400 80 600"
is "and the country's cadence" "$(kval exp-PLUG1-2 cadence)" 1000,4000
check "ports: flash_max_ms from the expander location" \
	bash -c "grep -Eq 'flash_max_ms +600 +expander \(' <<< '$(ports_line exp-PLUG1-2 flash_max_ms)'"
echo "PLUG1" > "$SIM/del_device"

# --- the module loaded again -------------------------------------------------
rmmod fxs_sim
rmmod fxs
check "fxs_sim loads again" modprobe fxs_sim builtin_ports=2
check "sim0 gets its settings again after the module reload" \
	wait_for 60 timing_is sim0 "10 80 400 80 300"
check "sim1 its cadence again" wait_for 30 kval_is sim1 cadence 600,1400

# --- reload ------------------------------------------------------------------
ports_block 'ports = {
  country = "us";
  port = ( { name = "sim1"; ring_cadence = [ 600, 1400 ]; } );
};'
check "handsetctl reload takes the new block" ctl reload
check "sim0 follows: us cadence" wait_for 30 kval_is sim0 cadence 2000,4000
is "sim0 timing: us windows, interdigit back to the kernel default" \
	"$(timing sim0)" "10 200 250 300 1100"
is "sim1 keeps its port cadence, its debounce is the default again" \
	"$(kval sim1 cadence) $(timing sim1)" "600,1400 10 200 250 300 1100"

cp "$HS_CONF" "$E2E/good.conf"
ports_block 'ports = { port = ( { name = "sim0";
  flash_min_ms = 900; flash_max_ms = 800; } ); };'
out=$("$HANDSETCTL" -s "$HS_SOCK" reload 2>&1)
rc=$?
is "a reload with contradictory windows fails" "$rc" 1
check "it names file:line and the kernel's rule" \
	grep -Eq "handsetd.conf:[0-9]+: .*flash minimum must be shorter than the flash maximum" <<< "$out"
is "and changes nothing" "$(timing sim0)" "10 200 250 300 1100"
cp "$E2E/good.conf" "$HS_CONF"

# --- monitor -----------------------------------------------------------------
check "handsetctl monitor starts" \
	monitor_spawn "$MONF" ' - monitoring$' "$HANDSETCTL" -s "$HS_SOCK" monitor
# us timing: 3 pulses, then a 500 ms flash, then a hang-up
inject sim0 "off 300 on 60 off 40 on 60 off 40 on 60 off 600 on 500 off 600"
check "monitor: sim0 offhook" monitor_wait 30 "$MONF" ' sim0 offhook$'
check "monitor: sim0 digit 3" monitor_wait 30 "$MONF" ' sim0 digit 3$'
check "monitor: sim0 flash" monitor_wait 30 "$MONF" ' sim0 flash$'
check "monitor lines are TIME PORT EVENT" \
	grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{3}Z sim0 offhook$' "$MONF"

# --- ring --------------------------------------------------------------------
check "sim0 is off hook" wait_for 30 inject_idle sim0
out=$("$HANDSETCTL" -s "$HS_SOCK" ring sim0 2>&1)
rc=$?
is "ring refuses an off-hook port (status 1)" "$rc" 1
check "saying it is off hook" grep -q "port sim0 is off hook" <<< "$out"
out=$("$HANDSETCTL" -s "$HS_SOCK" ring nosuch0 2>&1)
rc=$?
is "ring refuses an unknown port (status 1)" "$rc" 1
check "saying there is no such port" grep -q 'no port "nosuch0"' <<< "$out"
"$HANDSETCTL" -s "$HS_SOCK" ring sim1 61 2> /dev/null
is "ring refuses 61 seconds (usage, status 2)" "$?" 2

sim_hook sim0 on
check "monitor: sim0 onhook" monitor_wait 30 "$MONF" ' sim0 onhook$'

echo clear > "$SIM/sim1/ring_log"
check "handsetctl ring sim1 5" ctl ring sim1 5
check "monitor: sim1 ringing" monitor_wait 30 "$MONF" ' sim1 ringing$'
check "the ring stops by itself" \
	monitor_wait 40 "$MONF" ' sim1 ringing-stopped$'
read -r on off <<< "$(steps "$SIM/sim1/ring_log")"
check "fxs_sim rang sim1's own cadence: on ~600 ms (got $on)" \
	in_range "$on" 450 900
check "and off ~1400 ms (got $off)" in_range "$off" 1150 1900
monitor_stop

# --- the emulated Si3215 -----------------------------------------------------
check "fxs_si321x and the emulated chip load" \
	bash -c 'modprobe fxs_si321x && modprobe si321x_emu'
si_config identity si3215
si_config compatible si3215
si_config irq 1
si_add
check "si3215 bound" wait_for 20 si_bound
siport=$(si_port)
ports_block "ports = {
  country = \"us\";
  port = ( { name = \"$siport\"; ring_cadence = [ 700, 1300 ]; } );
};"
check "reload with a cadence for $siport" ctl reload
check "$siport has it" wait_for 30 kval_is "$siport" cadence 700,1300
echo clear > "$EMU/linefeed_log"
check "handsetctl ring $siport 7" ctl ring "$siport" 7
check "the Si3215 stops ringing by itself" \
	wait_for 40 si_port_attr_is "$siport" ringing 0
# LF 4 is ringing (register 64 0x44); anything else is the off step
awk '{ print $1, ($2 == 4 ? "on" : "off") }' "$EMU/linefeed_log" > "$E2E/si.log"
diag_file "$E2E/si.log" 20
read -r on off <<< "$(steps "$E2E/si.log")"
check "the Si3215 saw ring on ~700 ms (got $on)" in_range "$on" 550 1000
check "and off ~1300 ms (got $off)" in_range "$off" 1050 1800
si_remove
rm -f "$E2E.base.conf"

hs_stop
is "handsetd stopped cleanly" "$?" 0
[ "$TAP_FAILED" != 0 ] && hs_log_dump | tail -n 40

# --- handsetd -n ---------------------------------------------------------------
e2e_setup '"none"' '{ user_id = "120"; model = "analog"; port = "sim0"; },
  { user_id = "121"; model = "analog"; port = "fxs0"; },
  { user_id = "122"; model = "analog"; port = "exp-PLUG9-1"; }'
out=$("$HANDSETD" -n -f "$HS_CONF" 2>&1)
is "handsetd -n passes (warnings only)" "$?" 0
check "it warns about fxs0" grep -q 'names port "fxs0", which does not exist' <<< "$out"
check "not about sim0 or an expander name" \
	bash -c "! grep -Eq '\"(sim0|exp-PLUG9-1)\"' <<< '$out'"
tap_done
