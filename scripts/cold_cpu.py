#!/usr/bin/env python3
"""CPU time (user + system) of short commands, their runs alternated, as medians.

    scripts/cold_cpu.py RUNS -- target/release/earn 1m --json -- target/bench/hello

Each command is started RUNS times, in turn with the others, so that a change in the
machine's load falls on all of them alike; the time is what the kernel counted for the
child alone (wait4), its output thrown away.
"""

import os
import statistics
import sys


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: cold_cpu.py RUNS -- COMMAND ARGS... [-- COMMAND ARGS...]")
    runs = int(sys.argv[1])
    commands = []
    for word in sys.argv[2:]:
        if word == "--":
            commands.append([])
        else:
            commands[-1].append(word)
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
