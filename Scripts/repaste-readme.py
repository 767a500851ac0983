#!/usr/bin/env python3
"""Re-runs the README's shell examples and pastes what they print, so that every example shows a
real run of the current build.

Usage: Scripts/repaste-readme.py [--check]     (run from anywhere; builds nothing)

Each fenced block holding lines that start with `$ ` is a session: its commands run in order, in
one scratch folder, through bash, with `civic` on the PATH as the release build
(`swift build -c release` first), HOME=/home/me (a scratch home holding a copy of the bundled
database at its default place, so paths read as a user's would) and the bundled Datasets/. The
output under each command is replaced by what it printed (stdout and stderr together). Special
cases:
- a `$ cat FILE` whose FILE does not exist yet is the example's input: the file is written from
  the lines the README shows under it, which are kept;
- an example whose shown output starts with a line `…` shows only its notes: the lines printed
  after the row count;
- a command with `| chart` runs on a pseudo-terminal (`script`), as the README shows charts on a
  terminal, with NO_COLOR set;
- the example of a missing installation runs a copy of civic alone, at /opt/civic/bin/civic.
With --check, nothing is written and the exit status says whether the README is up to date.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CIVIC = Path(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.strip()) / "civic"
HOME = Path("/home/me")
ROWS = re.compile(r"^(\d[\d,]* rows?|\(no rows\)|1 row)\.?$")


def environment(bindir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIVIC_")}
    env.update(HOME=str(HOME), PATH=f"{bindir}:{env.get('PATH', '/usr/bin:/bin')}", NO_COLOR="1",
               CIVIC_DATASETS=str(ROOT / "Datasets"), COLUMNS="100", LINES="200", PAGER="")
    env.pop("XDG_DATA_HOME", None)
    return env


def run(command, cwd, env, terminal=False):
    if terminal:
        p = subprocess.run(["script", "-qec", command, "/dev/null"], cwd=cwd, env=env, capture_output=True, text=True)
        out = p.stdout.replace("\r\n", "\n").replace("\r", "")
    else:
        p = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        out = p.stdout
    return out.rstrip("\n").split("\n") if out.strip() else []


def main():
    check = "--check" in sys.argv
    lines = README.read_text(encoding="utf-8").split("\n")
    scratch = Path(tempfile.mkdtemp(prefix="civic-readme-"))
    bindir = scratch / "bin"
    bindir.mkdir()
    shutil.copy(CIVIC, bindir / "civic")
    made_home = not HOME.exists()
    data = HOME / ".local/share/civic"
    data.mkdir(parents=True, exist_ok=True)
    env = environment(bindir)
    # The database at its default place, built as a first command builds it.
    subprocess.run([str(bindir / "civic"), "load"], env=env, capture_output=True, check=True)
    out, i, changed = [], 0, 0
    try:
        while i < len(lines):
            line = lines[i]
            out.append(line)
            i += 1
            if not line.startswith("```"):
                continue
            # A fenced block: collect it.
            block = []
            while i < len(lines) and not lines[i].startswith("```"):
                block.append(lines[i])
                i += 1
            if not any(l.startswith("$ ") for l in block):
                out.extend(block)
                continue
            session = scratch / f"session-{len(out)}"
            session.mkdir()
            new = []
            j = 0
            while j < len(block):
                if not block[j].startswith("$ "):
                    new.append(block[j])
                    j += 1
                    continue
                command = block[j][2:]
                j += 1
                shown = []
                while j < len(block) and not block[j].startswith("$ "):
                    shown.append(block[j])
                    j += 1
                trailing_blank = bool(shown) and shown[-1] == ""
                new.append("$ " + command)
                m = re.match(r"cat (\S+)$", command)
                if m and not (session / m.group(1)).exists():
                    (session / m.group(1)).write_text("\n".join(l for l in shown if l) + "\n")
                    new.extend(shown)
                    continue
                if "no bundled data found" in "\n".join(shown):
                    alone = Path("/opt/civic/bin")
                    alone.mkdir(parents=True, exist_ok=True)
                    shutil.copy(CIVIC, alone / "civic")
                    lone_env = dict(env, PATH=f"{alone}:/usr/bin:/bin")
                    lone_env.pop("CIVIC_DATASETS")
                    empty_home = scratch / "empty-home"
                    empty_home.mkdir(exist_ok=True)
                    lone_env["HOME"] = str(empty_home)
                    got = run(command, empty_home, lone_env)
                    got = [l.replace(str(empty_home), str(HOME)) for l in got]
                    shutil.rmtree("/opt/civic")
                else:
                    got = run(command, session, env, terminal="| chart" in command)
                if shown and shown[0] == "…":
                    k = next((n for n, l in enumerate(got) if ROWS.match(l)), None)
                    got = ["…"] + (got[k + 1:] if k is not None else [])
                new.extend(got)
                if trailing_blank:
                    new.append("")
            if new != block:
                changed += 1
            out.extend(new)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if made_home:
            shutil.rmtree(HOME, ignore_errors=True)
    if check:
        print(f"{changed} example block(s) differ from a run of the current build")
        sys.exit(1 if changed else 0)
    README.write_text("\n".join(out), encoding="utf-8")
    print(f"re-pasted {changed} example block(s)")


if __name__ == "__main__":
    main()
