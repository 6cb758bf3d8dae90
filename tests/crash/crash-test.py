#!/usr/bin/env python3
"""Crash test: `kuiduo --headless` under load is killed with SIGKILL at random
moments and restarted. Every tracking code that got a 201 must be in the
database afterwards, and PRAGMA integrity_check must say ok.

    tests/crash/crash-test.py --kuiduo build/src/kuiduo --rounds 20
"""
import argparse
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

BODY = json.dumps({"village": "kuiduo", "category": "roads",
                   "description": "崩溃测试：村道塌方", "urgent": False}).encode()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(kuiduo, db, port):
    proc = subprocess.Popen([kuiduo, "--headless", "--no-rate-limit", "--port", str(port), "--db", db],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"kuiduo exited at start: {proc.stderr.read().decode(errors='replace')}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    sys.exit("kuiduo did not come up")


def client(port, acked, lock, stop):
    conn = None
    while not stop.is_set():
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("POST", "/api/v1/reports", BODY, {"Content-Type": "application/json"})
            resp = conn.getresponse()
            data = resp.read()
            if resp.status == 201:
                code = json.loads(data)["tracking_code"].replace("-", "")
                with lock:
                    acked.append(code)
        except (OSError, http.client.HTTPException, ValueError):
            conn = None
            time.sleep(0.01)


def verify(db, acked):
    con = sqlite3.connect(db)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        stored = {row[0] for row in con.execute("SELECT tracking_code FROM cases")}
    finally:
        con.close()
    lost = [c for c in acked if c not in stored]
    return ok, len(stored), lost


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kuiduo", required=True)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seed", type=int, default=None)
    args = ap.parse_args()

    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    print(f"1..{args.rounds}")
    print(f"# seed {seed}, {args.clients} clients")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "crash.db")
        acked = []
        lock = threading.Lock()
        for n in range(1, args.rounds + 1):
            port = free_port()
            proc = start(args.kuiduo, db, port)
            stop = threading.Event()
            before = len(acked)
            threads = [threading.Thread(target=client, args=(port, acked, lock, stop))
                       for _ in range(args.clients)]
            for t in threads:
                t.start()
            time.sleep(rng.uniform(0.3, 1.5))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            stop.set()
            for t in threads:
                t.join()
            ok, rows, lost = verify(db, acked)
            good = ok == "ok" and not lost
            failures += not good
            print(f"{'ok' if good else 'not ok'} {n} - round {n}: {len(acked) - before} acknowledged, "
                  f"{rows} rows, {len(lost)} lost, integrity {ok}")
        # A last restart: the server itself opens what the kills left.
        proc = start(args.kuiduo, db, free_port())
        proc.terminate()
        proc.wait()
        ok, rows, lost = verify(db, acked)
        print(f"# after {args.rounds} kills: {len(acked)} acknowledged, {rows} rows, {len(lost)} lost, integrity {ok}")
        failures += ok != "ok" or bool(lost)
    print(f"# {args.rounds - min(failures, args.rounds)} rounds passed, {min(failures, args.rounds)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
