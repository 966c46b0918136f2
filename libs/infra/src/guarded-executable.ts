import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** How often the guard looks for the parent, and how many looks the program gets between SIGTERM and SIGKILL. */
const POLL_SECONDS = 0.5;
const TERM_POLLS = 2;

/**
 * Writes, into `dir`, an executable that runs `program` with the arguments it
 * is given, for a program that cannot be given a lifeline (the Temporal CLI,
 * which the SDK spawns). The script `exec`s the program, so it keeps the pid
 * its starter knows (and can kill); a small watcher it leaves behind polls the
 * starter every 500 ms and, once the starter is gone, sends the program
 * SIGTERM, then SIGKILL 1 s later. Returns the script's path.
 */
export function writeGuardedExecutable(program: string, dir: string): string {
  const script = `#!/bin/sh
starter=$PPID
self=$$
# An ended process nobody has reaped yet (a zombie) is not running. Builtins only: the loop forks nothing but sleep.
running() {
  kill -0 "$1" 2>/dev/null || return 1
  [ -r "/proc/$1/stat" ] || return 0
  read -r stat < "/proc/$1/stat" 2>/dev/null || return 1
  case "$stat" in *") Z "*) return 1 ;; esac
}
(
  while running "$starter"; do
    running "$self" || exit 0
    sleep ${POLL_SECONDS}
  done
  kill -TERM "$self" 2>/dev/null
  polls=0
  while [ "$polls" -lt ${TERM_POLLS} ]; do
    running "$self" || exit 0
    sleep ${POLL_SECONDS}
    polls=$((polls + 1))
  done
  kill -KILL "$self" 2>/dev/null
) </dev/null >/dev/null 2>&1 &
exec ${shellQuote(program)} "$@"
`;
  const file = path.join(dir, `${path.basename(program)}-guarded`);
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return file;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
