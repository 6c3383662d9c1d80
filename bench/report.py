"""Helpers shared by the benchmarks' reports (bench/*.sh run their report with PYTHONPATH=bench)."""
import subprocess


def sh(cmd, timeout=60):
    """The output (stdout and stderr) of a shell command, stripped; "?" when it could not run."""
    try:
        r = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=timeout)
        return (r.stdout + r.stderr).strip()
    except Exception:
        return "?"


def text_table(h, rs, left=(0,)):
    """A plain-text table: header h, rows rs (lists of strings); columns in left are left-aligned."""
    w = [max(len(x) for x in col) for col in zip(h, *rs)]
    fmt = lambda r: "  ".join(c.ljust(w[i]) if i in left else c.rjust(w[i]) for i, c in enumerate(r))
    return "\n".join([fmt(h), "  ".join("-" * x for x in w)] + [fmt(r) for r in rs])


def md_table(h, rs, left=(0,)):
    """The same as a Markdown table."""
    al = ["---" if i in left else "---:" for i in range(len(h))]
    return "\n".join(["| " + " | ".join(h) + " |", "|" + "|".join(al) + "|"]
                     + ["| " + " | ".join(r) + " |" for r in rs])


def cpu_model():
    """The processor's model name from /proc/cpuinfo."""
    return sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-").strip()


def md_head(title):
    """The start of a results file: its title and the date (UTC)."""
    return "# %s\n\n- date: %s\n" % (title, sh("date -u +%Y-%m-%dT%H:%M:%SZ"))
