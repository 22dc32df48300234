"""webstation.py: a temporary station for the web console's tests: a loa.ini with
[web] approval = yes and a local lexicon, three users (editor, approver, admin), a real
`loa watch` and a real `loa web` on a free loopback port; a small HTTP client that keeps
its own session cookie and CSRF token. Everything it starts is stopped by close()."""
import datetime
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.parse

LOA = os.environ.get("LOA") or os.path.join(os.environ.get("LOA_BUILD_DIR", "build"), "loa")
PASSWORD = "mat-khau-thu-1"
USERS = {"lan": "editor", "hoa": "approver", "an": "admin"}


def station_today():
    """Today at the station (Asia/Ho_Chi_Minh, UTC+7, the default timezone of loa.ini)."""
    return datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).date()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_until(seconds, what, fn):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        v = fn()
        if v:
            return v
        time.sleep(0.1)
    raise AssertionError("timed out waiting for " + what)


class Station:
    def __init__(self, name, max_bytes=65536):
        keep = os.environ.get("LOA_TEST_KEEP")
        self.dir = tempfile.mkdtemp(prefix="loa-e2e-%s-" % name)
        self.keep = bool(keep)
        self.root = os.path.join(self.dir, "station")
        os.makedirs(self.root)
        self.ini = os.path.join(self.dir, "loa.ini")
        with open(os.path.join(self.dir, "local.tsv"), "w") as f:
            f.write("# the commune's own words\nabbr\tHTX\thợp tác xã\n")
        with open(self.ini, "w") as f:
            f.write("[station]\nname = Đài truyền thanh xã Yên Hòa\ncommune = xã Yên Hòa\n"
                    "[voice]\nlexicon = local.tsv\n"
                    "[paths]\nroot = station\n"
                    "[watch]\nsettle_ms = 200\nrescan_s = 1\nmax_bytes = %d\n"
                    "[web]\napproval = yes\nusers = users.txt\n" % max_bytes)
        for user, role in USERS.items():
            subprocess.run([LOA, "user", "add", user, "--role", role, "--config", self.ini],
                           input=PASSWORD + "\n", text=True, check=True, capture_output=True)
        self.procs = []
        self.port = free_port()
        self.watch_log = open(os.path.join(self.dir, "watch.log"), "w")
        self.web_log = open(os.path.join(self.dir, "web.log"), "w")
        self.procs.append(subprocess.Popen([LOA, "watch", "--config", self.ini], stdout=self.watch_log,
                                           stderr=subprocess.STDOUT))
        self.web = subprocess.Popen([LOA, "web", "--config", self.ini, "--listen", "127.0.0.1:%d" % self.port],
                                    stdout=self.web_log, stderr=subprocess.STDOUT)
        self.procs.append(self.web)
        wait_until(20, "loa web to answer", lambda: self.health_ok())

    def url(self, path=""):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def raw(self, method, path, body=None, headers=None, timeout=30):
        """One request with PATH sent exactly as given: (status, headers, body bytes)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            c.putrequest(method, path, skip_accept_encoding=True)
            for k, v in (headers or {}).items():
                c.putheader(k, v)
            if body is not None and "Content-Length" not in (headers or {}) and \
                    "Transfer-Encoding" not in (headers or {}):
                c.putheader("Content-Length", str(len(body)))
            c.endheaders()
            if body is not None:
                c.send(body)
            r = c.getresponse()
            return r.status, r.headers, r.read()
        finally:
            c.close()

    def health_ok(self):
        try:
            return self.raw("GET", "/api/health", timeout=5)[0] == 200
        except OSError:
            return False

    def alive(self):
        return self.web.poll() is None

    def close(self):
        """Stop everything (SIGTERM); returns loa web's exit status."""
        for p in self.procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.watch_log.close()
        self.web_log.close()
        if self.keep:
            print("kept", self.dir)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)
        return self.web.returncode


class Client:
    """A browser-like client: its own cookie and CSRF token."""

    def __init__(self, st):
        self.st = st
        self.cookie = None
        self.csrf = None

    def request(self, method, path, data=None, headers=None, csrf=True, content_type="application/json"):
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = "loa_session=" + self.cookie
        if csrf and self.csrf and method != "GET":
            h["X-CSRF-Token"] = self.csrf
        body = None
        if data is not None:
            body = data if isinstance(data, bytes) else json.dumps(data).encode()
            h.setdefault("Content-Type", content_type)
        status, rh, rb = self.st.raw(method, path, body, h)
        return status, rh, rb

    def json(self, method, path, data=None, **kw):
        status, rh, rb = self.request(method, path, data, **kw)
        try:
            return status, json.loads(rb.decode() or "{}")
        except ValueError:
            return status, {"raw": rb}

    def login(self, user, password=PASSWORD):
        status, rh, rb = self.request("POST", "/api/login", {"user": user, "password": password}, csrf=False)
        if status == 200:
            cookie = rh.get("Set-Cookie", "")
            self.cookie = cookie.split(";")[0].split("=", 1)[1]
            self.set_cookie = cookie
            self.csrf = json.loads(rb)["csrf"]
        return status

    def bulletin(self, bid):
        return self.json("GET", "/api/bulletins/" + urllib.parse.quote(bid, safe=""))

    def wait_state(self, bid, states, seconds=60):
        def check():
            s, b = self.bulletin(bid)
            return b if s == 200 and b.get("state") in states else None
        return wait_until(seconds, "%s to be %s" % (bid, "/".join(states)), check)


def multipart(fields, files, boundary="loa-test-boundary-7f3a"):
    out = []
    for k, v in fields.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, k, v)).encode())
    for k, (name, data) in files.items():
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: application/octet-stream\r\n\r\n" % (boundary, k, name)).encode() + data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return b"".join(out), "multipart/form-data; boundary=" + boundary
