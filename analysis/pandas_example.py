#!/usr/bin/env python3
"""pandas_example.py -- a results database in pandas and matplotlib.

    python3 analysis/pandas_example.py DB --x PATH --y ENTITY:METRIC [--by PATH] [-o OUT.png]

Reads one metric of every run of a vdcsim database (metrics table) and the
parameters of each run (params table: numbers are stored as numbers), puts
them in one DataFrame (one row per run, one column per parameter: the "wide"
table that `vdcsim export DB --wide` also writes), prints it, and plots the
metric against the parameter PATH, one line per value of --by.

Example (a weight sweep of the quickstart under both schedulers):

    for s in fluid credit; do for w in 128 256 512 1024; do
      ./vdcsim run scenarios/quickstart.json -o w.db -q --set duration_s=10 \\
        --set vms[1].weight=$w --set models.sched.name=$s; done; done
    python3 analysis/pandas_example.py w.db --x 'vms[1].weight' --y db:share \\
        --by models.sched.name -o share.png

Needs Debian's python3-pandas and python3-matplotlib (sqlite3 is in Python).
"""
import argparse
import sqlite3
import sys

import matplotlib

matplotlib.use("Agg")  # no display needed
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def load(db, entity, metric):
    con = sqlite3.connect(db)
    params = pd.read_sql_query("SELECT run_id, path, value FROM params", con)
    metrics = pd.read_sql_query(
        "SELECT run_id, value, unit FROM metrics WHERE entity = ? AND name = ?",
        con, params=(entity, metric))
    con.close()
    # one row per run, one column per parameter path
    wide = params.pivot(index="run_id", columns="path", values="value")
    unit = metrics["unit"].iloc[0] if len(metrics) else ""
    df = wide.join(metrics.set_index("run_id")["value"].rename(metric), how="inner")
    return df, unit


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("db")
    ap.add_argument("--x", required=True, help="parameter path on the x axis")
    ap.add_argument("--y", required=True, help="ENTITY:METRIC, e.g. db:share")
    ap.add_argument("--by", help="parameter path: one line per value")
    ap.add_argument("-o", "--output", default="pandas_example.png")
    a = ap.parse_args(argv)
    entity, _, metric = a.y.partition(":")
    df, unit = load(a.db, entity, metric)
    if df.empty:
        sys.exit(f"{a.db}: no metric {metric} of {entity}")
    df[a.x] = pd.to_numeric(df[a.x])
    cols = [a.x] + ([a.by] if a.by else []) + [metric]
    table = df[cols].sort_values(cols[:-1])
    print(table.to_string(index=False))

    fig, ax = plt.subplots(figsize=(7, 4.5))
    groups = table.groupby(a.by) if a.by else [("all runs", table)]
    markers = "osD^v<>"
    for i, (name, g) in enumerate(groups):
        ax.plot(g[a.x], g[metric], marker=markers[i % len(markers)], label=f"{a.by} = {name}"
                if a.by else name)
    ax.set_xlabel(a.x)
    ax.set_ylabel(f"{entity} {metric} ({unit})" if unit else f"{entity} {metric}")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best")
    fig.tight_layout()
    fig.savefig(a.output)
    print(f"plot: {a.output}")


if __name__ == "__main__":
    main(sys.argv[1:])
