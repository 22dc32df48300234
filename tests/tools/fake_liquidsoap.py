#!/usr/bin/env python3
"""fake_liquidsoap.py: a stand-in for Liquidsoap's server interface (telnet protocol) that
misbehaves on purpose, for the tests of loa's hand-over (tests/e2e/playout_faults.sh).

    fake_liquidsoap.py PORT MODE LOG [--ok-pushes N]

It understands what loa says: QUEUE.push URI, QUEUE.queue, request.all, request.metadata RID,
quit. Every push is appended to LOG ("push QUEUE URI") the moment it arrives, whatever the
answer, so a test counts exactly how many times loa pushed. Requests pushed stay alive (listed
by request.all, with their annotate: metadata), and 150 unrelated ones are there from the start
so that request.all's answer is longer than 512 bytes. MODE says how it answers:

    ok              at once
    late            each answer 7 s late (a busy box), the push queued at once
    silent          never answers (the connection stays open)
    drip            one byte a second
    close           closes each connection as soon as it is made
    garbage         terminal escapes and a NUL instead of a request number
    flood           a push's answer is 1 MB without its END
    drop-after-push queues a push, then closes without answering (later connections: ok)

With --ok-pushes N the first N pushes are answered as in ok mode, the rest as MODE says.
It prints "listening" on stdout when it accepts connections, and runs until killed.
"""
import re
import socket
import sys
import threading
import time

port, mode, log_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
ok_pushes = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--ok-pushes" else 0
lock = threading.Lock()
requests = {rid: {"source": "other"} for rid in range(1000, 1150)}
pushes = [0]
ANNOTATE = re.compile(r'^annotate:(.*?):(/.*)$')


def record(line):
    with open(log_path, "a") as f:
        f.write(line + "\n")


def answer(conn, text, how):
    data = text.encode("utf-8", "surrogateescape")
    if how == "silent":
        time.sleep(3600)
    elif how == "late":
        time.sleep(7)
        conn.sendall(data)
    elif how == "drip":
        for b in data:
            conn.sendall(bytes([b]))
            time.sleep(1)
    else:
        conn.sendall(data)


def push(queue, uri):
    """Queue URI; returns the new request number."""
    meta = {"source": queue}
    m = ANNOTATE.match(uri)
    if m:
        for k, v in re.findall(r'(\w+)="([^"]*)"', m.group(1)):
            meta[k] = v
        meta["filename"] = m.group(2)
    with lock:
        rid = max(requests) + 1
        requests[rid] = meta
        pushes[0] += 1
        n = pushes[0]
    record("push %s %s" % (queue, uri))
    return rid, n


def serve(conn):
    f = conn.makefile("rb")
    try:
        for raw in f:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if line == "quit":
                conn.sendall(b"Bye!\n")
                return
            how = mode
            m = re.match(r"^(\S+)\.push (.*)$", line)
            if m:
                rid, n = push(m.group(1), m.group(2))
                if n <= ok_pushes:
                    how = "ok"
                if how == "drop-after-push":
                    return
                if how == "garbage":
                    answer(conn, "\x1b[2J\x00ok\x07\nEND\n", "ok")
                    continue
                if how == "flood":
                    conn.sendall(b"x" * 1000000)
                    time.sleep(3600)
                answer(conn, "%d\nEND\n" % rid, how)
                continue
            how = "ok" if mode in ("garbage", "flood", "drop-after-push") else mode
            if line == "request.all":
                with lock:
                    text = " ".join(str(r) for r in sorted(requests))
                answer(conn, text + "\nEND\n", how)
            elif line.startswith("request.metadata "):
                with lock:
                    meta = requests.get(int(line.split()[1]) if line.split()[1].isdigit() else -1)
                text = "".join('%s="%s"\n' % kv for kv in meta.items()) if meta else "No such request.\n"
                answer(conn, text + "END\n", how)
            elif line.endswith(".queue"):
                with lock:
                    q = line[:-len(".queue")]
                    text = " ".join(str(r) for r, m in sorted(requests.items()) if m["source"] == q)
                answer(conn, text + "\nEND\n", how)
            else:
                answer(conn, "ERROR: unknown command, type \"help\" to get a list of commands.\nEND\n", how)
    except (BrokenPipeError, ConnectionResetError):
        pass
    finally:
        conn.close()


def main():
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", port))
    srv.listen(16)
    print("listening", flush=True)
    while True:
        conn, _ = srv.accept()
        if mode == "close" and pushes[0] >= ok_pushes:
            conn.close()
            continue
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


main()
