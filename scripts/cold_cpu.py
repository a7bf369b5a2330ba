#!/usr/bin/env python3
"""CPU time (user + system) of short commands, their runs alternated, as medians.

    scripts/cold_cpu.py RUNS -- target/release/earn 1m --json -- target/bench/hello

Each command is started RUNS times, in turn with the others, so that a change in the
machine's load falls on all of them alike; the time is what the kernel counted for the
child alone (wait4), its output thrown away.
"""

import os
import shutil
import statistics
import sys


def main():
    usage = "usage: cold_cpu.py RUNS -- COMMAND ARGS... [-- COMMAND ARGS...]"
    if len(sys.argv) < 4 or sys.argv[2] != "--" or not sys.argv[1].isdigit():
        sys.exit(usage)
    runs = int(sys.argv[1])
    commands = []
    for word in sys.argv[2:]:
        if word == "--":
            commands.append([])
        else:
            commands[-1].append(word)
    for command in commands:
        if not command:
            sys.exit(usage)
        found = shutil.which(command[0])
        if found is None:
            sys.exit(f"cold_cpu: {command[0]}: no such command")
        command[0] = found
    quiet = [
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    times = [[] for _ in commands]
    for _ in range(runs):
        for command, spent in zip(commands, times):
            pid = os.posix_spawn(command[0], command, os.environ, file_actions=quiet)
            _, status, usage = os.wait4(pid, 0)
            if status != 0:
                sys.exit(f"cold_cpu: {' '.join(command)} failed")
            spent.append(usage.ru_utime + usage.ru_stime)
    for spent in times:
        print(f"{statistics.median(spent) * 1000:.3f}")


main()
