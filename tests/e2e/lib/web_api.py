"""web_api.py: the web console's JSON API against a real `loa web` and `loa watch` on a
temporary station: every status code the API names, a bulletin through submit, building,
approval, the schedule and withdrawal, and the security cases (session fixation, CSRF,
path traversal in plain and encoded forms, oversize and malformed uploads, a login flood),
with /api/health answering throughout."""
import datetime
import json
import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webstation import Client, Station, multipart, station_today, wait_until  # noqa: E402

checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        raise AssertionError(what)


def q(bid):
    return urllib.parse.quote(bid, safe="")


def main():
    st = Station("web-api")
    try:
        run(st)
    except Exception:
        for log in ("web.log", "watch.log"):
            with open(os.path.join(st.dir, log)) as f:
                sys.stderr.write("---- %s\n%s" % (log, f.read()[-3000:]))
        st.close()
        raise
    # SIGTERM: loa web stops at once with status 0 (under the sanitizers: no leak either)
    check(st.close() == 0, "loa web's exit status after SIGTERM")
    print("web_api: %d checks passed" % checks)


def run(st):
    print("== health without login, everything else 401", file=sys.stderr)
    s, h, b = st.raw("GET", "/api/health")
    check(s == 200 and json.loads(b)["status"] == "ok", "health %d %r" % (s, b))
    anon = Client(st)
    for method, path in [("GET", "/api/me"), ("GET", "/api/today"), ("GET", "/api/bulletins/x"),
                         ("GET", "/api/schedule?from=2026-01-01&to=2026-01-02"), ("GET", "/api/airlog?month=2026-01"),
                         ("POST", "/api/bulletins"), ("POST", "/api/bulletins/x/approve")]:
        s, _ = anon.json(method, path, {"text": "x"} if method == "POST" else None)
        check(s == 401, "%s %s without a session: %d" % (method, path, s))

    print("== login: 401 for wrong credentials, 200 with a cookie HttpOnly SameSite=Strict", file=sys.stderr)
    check(anon.login("lan", "sai-mat-khau") == 401, "wrong password")
    check(anon.login("khong-co", "sai-mat-khau") == 401, "unknown user")
    ed = Client(st)
    check(ed.login("lan") == 200, "editor login")
    check("HttpOnly" in ed.set_cookie and "SameSite=Strict" in ed.set_cookie, ed.set_cookie)
    check(len(ed.csrf) == 64 and len(ed.cookie) == 64, "token lengths")
    s, me = ed.json("GET", "/api/me")
    check(s == 200 and me["user"] == "lan" and me["role"] == "editor" and me["approval"] is True, me)
    s, _ = ed.json("GET", "/api/login")
    check(s == 405, "GET /api/login: %d" % s)
    s, _ = ed.json("POST", "/api/login", b"user=lan&password=x", content_type="application/x-www-form-urlencoded")
    check(s == 400, "a form login (CSRF by form) is refused: %d" % s)

    print("== session fixation: the id a request brings is never kept", file=sys.stderr)
    planted = "a" * 64
    fx = Client(st)
    fx.cookie = planted
    check(fx.login("lan") == 200, "login with a planted cookie")
    check(fx.cookie != planted, "the planted id was kept")
    spy = Client(st)
    spy.cookie = planted
    check(spy.json("GET", "/api/me")[0] == 401, "the planted id opens a session")
    old = fx.cookie
    check(fx.login("lan") == 200 and fx.cookie != old, "a second login renews the id")
    spy.cookie = old
    check(spy.json("GET", "/api/me")[0] == 401, "the id before the second login still works")

    print("== CSRF: state-changing requests need the session's X-CSRF-Token", file=sys.stderr)
    s, _ = ed.json("POST", "/api/bulletins", {"text": "Tin thử."}, csrf=False)
    check(s == 403, "no token: %d" % s)
    s, _ = ed.json("POST", "/api/bulletins", {"text": "Tin thử."}, csrf=False, headers={"X-CSRF-Token": "0" * 64})
    check(s == 403, "wrong token: %d" % s)
    s, _ = ed.json("POST", "/api/bulletins", {"text": "Tin thử."}, csrf=False, headers={"X-CSRF-Token": fx.csrf})
    check(s == 403, "another session's token: %d" % s)

    print("== path traversal and paths outside the API: 404, never a file", file=sys.stderr)
    for path in ["/../../etc/passwd", "/assets/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                 "/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/assets/..%2F..%2F..%2Fetc%2Fpasswd",
                 "/etc/passwd", "/assets/app.js/../../../etc/passwd", "/%252e%252e/etc/passwd",
                 "/web/assets/app.js", "/CMakeLists.txt", "/assets/", "/assets/.hidden", "/index.html/.."]:
        s, h, b = st.raw("GET", path)
        check(s == 404 and b"root:" not in b, "%s: %d" % (path, s))
    for path in ["/api/bulletins/..%2F..%2F..%2Fetc%2Fpasswd", "/api/bulletins/../../etc/passwd",
                 "/api/bulletins/%2Fetc%2Fpasswd", "/api/bulletins/..%2Fstate%2Fweb-users.txt/audio",
                 "/api/nope"]:
        s, h, b = ed.request("GET", path)
        check(s == 404 and b"root:" not in b and b"$y$" not in b, "%s: %d %r" % (path, s, b[:80]))
    s, h, b = st.raw("GET", "/")
    check(s == 200 and b"<html" in b and h["Content-Type"].startswith("text/html"), "the page")
    check("default-src 'self'" in h["Content-Security-Policy"], "CSP")
    s, h, b = st.raw("GET", "/assets/app.js")
    check(s == 200 and h["Content-Type"].startswith("text/javascript"), "app.js")

    print("== submit (JSON): 201, the same state machine as the folder, held for approval", file=sys.stderr)
    tomorrow = (station_today() + datetime.timedelta(days=1)).isoformat()
    text = "Ông QWZ mời bà con dự họp tại HTX lúc 19 giờ.\nĐề nghị các hộ đến đúng giờ.\n"
    s, r = ed.json("POST", "/api/bulletins", {"text": text, "title": "Họp dân thôn Đông", "from": tomorrow,
                                              "to": tomorrow, "slots": "sáng", "priority": "ưu tiên"})
    check(s == 201 and r["id"].startswith("web-") and r["held"] is True, (s, r))
    bid = r["id"]
    check(os.path.exists(os.path.join(st.root, "done", "." + bid + ".txt.cho-duyet")), "the hold mark")
    b = ed.wait_state(bid, ["awaiting-approval"])
    check(b["title"] == "Họp dân thôn Đông" and b["audio"] is True, b)
    with open(os.path.join(st.root, "done", bid + ".txt"), encoding="utf-8") as f:
        src = f.read()
    check(src.startswith("Tiêu đề: Họp dân thôn Đông\nBuổi: sáng\nTừ ngày: %s\n" % datetime.date.fromisoformat(
        tomorrow).strftime("%d/%m/%Y")), src[:200])
    lines = b["reading"]
    check(lines[0]["line"] == 7 and "QWZ" in lines[0]["text"], lines[0])
    f0 = lines[0]["findings"]
    check(len(f0) == 1 and f0[0]["token"] == "QWZ" and "abbreviation" in f0[0]["reason"] and f0[0]["col"] == 5, f0)
    check("hợp tác xã" in lines[0]["spoken"], "the local lexicon's HTX: " + lines[0]["spoken"])
    check(b["warnings"] == [{"line": 7, "col": 5, "token": "QWZ", "reason": f0[0]["reason"]}] and b["airings"] and b["airings"][0]["date"] == tomorrow, b["airings"])
    s, h, audio = ed.request("GET", "/api/bulletins/%s/audio" % bid)
    check(s == 200 and h["Content-Type"] == "audio/mpeg" and len(audio) > 1000, (s, dict(h)))
    s, h, part = ed.request("GET", "/api/bulletins/%s/audio" % bid, headers={"Range": "bytes=0-99"})
    check(s == 206 and len(part) == 100 and part == audio[:100], "range %d %d" % (s, len(part)))
    s, sch = ed.json("GET", "/api/schedule?from=%s&to=%s" % (tomorrow, tomorrow))
    ids = [i["id"] for sl in sch["slots"] for i in sl["items"]]
    check(s == 200 and bid not in ids, "a held bulletin is in the schedule: %r" % ids)

    print("== approve: 403 for an editor, 200 for an approver; then in the schedule", file=sys.stderr)
    s, _ = ed.json("POST", "/api/bulletins/%s/approve" % bid)
    check(s == 403, "editor approves: %d" % s)
    ap = Client(st)
    check(ap.login("hoa") == 200, "approver login")
    s, r = ap.json("POST", "/api/bulletins/%s/approve" % bid)
    check(s == 200 and r["state"] == "approved", (s, r))
    check(ap.bulletin(bid)[1]["state"] == "approved", "state after approval")
    s, sch = ap.json("GET", "/api/schedule?from=%s&to=%s" % (tomorrow, tomorrow))
    items = [(sl["slot"], i) for sl in sch["slots"] for i in sl["items"]]
    mine = [(slot, i) for slot, i in items if i["id"] == bid]
    check(len(mine) == 1 and mine[0][0] == "sang" and mine[0][1]["title"] == "Họp dân thôn Đông" and
          mine[0][1]["priority"] == "ưu tiên" and mine[0][1]["seconds"] > 1, mine)
    for bad in ["from=2026-13-01&to=2026-13-02", "from=%s" % tomorrow, "from=2026-01-01&to=2026-06-01"]:
        check(ap.json("GET", "/api/schedule?" + bad)[0] == 400, "schedule " + bad)

    print("== withdraw: 403 for an editor, 200 for an approver; off the schedule, source kept", file=sys.stderr)
    s, _ = ed.json("POST", "/api/bulletins/%s/withdraw" % bid)
    check(s == 403, "editor withdraws: %d" % s)
    s, r = ap.json("POST", "/api/bulletins/%s/withdraw" % bid)
    check(s == 200 and r["state"] == "withdrawn", (s, r))
    check(ap.bulletin(bid)[1]["state"] == "withdrawn", "state after withdrawal")
    check(os.path.exists(os.path.join(st.root, "done", ".withdrawn", bid + ".txt")), "the source is kept")
    s, sch = ap.json("GET", "/api/schedule?from=%s&to=%s" % (tomorrow, tomorrow))
    check(bid not in [i["id"] for sl in sch["slots"] for i in sl["items"]], "withdrawn but scheduled")
    check(ap.json("POST", "/api/bulletins/%s/approve" % bid)[0] == 409, "approving a withdrawn one")
    check(ap.json("GET", "/api/bulletins/web-khong-co")[0] == 404, "unknown id")
    check(ap.json("POST", "/api/bulletins/%s/audio" % bid)[0] == 405, "POST audio")

    print("== an approver's bulletin is not held; a failed one says why", file=sys.stderr)
    s, r = ap.json("POST", "/api/bulletins", {"text": "Thông báo lịch tiêm phòng.", "from": tomorrow})
    check(s == 201 and r["held"] is False, r)
    ap.wait_state(r["id"], ["approved"])
    s, r = ap.json("POST", "/api/bulletins", {"text": "   \n\n"})
    check(s == 400, "empty text: %d" % s)
    s, body = ed.json("POST", "/api/bulletins", {"text": "Tin.", "from": "31/02/2026"})
    check(s == 400 and "31/02/2026" in body["error"], body)
    s, body = ed.json("POST", "/api/bulletins", {"text": "Tin.", "title": "Hai\nDòng: x"})
    check(s == 400, "a line break in a field: %d" % s)
    s, body = ed.json("POST", "/api/bulletins", {"text": "Tin khẩn.", "priority": "khẩn cấp"})
    check(s == 403, "an editor's urgent notice under approval: %d" % s)
    fd, ct = multipart({"title": "Tệp hỏng"}, {"file": ("hong.docx", b"PK\x03\x04 not a zip at all")})
    s, r = ap.json("POST", "/api/bulletins", fd, content_type=ct)
    check(s == 400, "a broken .docx with fields is refused at once: %d %r" % (s, r))
    fd, ct = multipart({}, {"file": ("hong.docx", b"PK\x03\x04 not a zip at all")})
    s, r = ap.json("POST", "/api/bulletins", fd, content_type=ct)
    check(s == 201, "a .docx without fields goes in as it is: %d %r" % (s, r))
    b = ap.wait_state(r["id"], ["failed"])
    check(b["reason"], "a failed bulletin's reason: %r" % b)

    print("== uploads: multipart .txt 201; over max_bytes 413; malformed 400", file=sys.stderr)
    fd, ct = multipart({"title": "Tải lên", "from": tomorrow}, {"file": ("tin.txt", "Nội dung tải lên.\n".encode())})
    s, r = ed.json("POST", "/api/bulletins", fd, content_type=ct)
    check(s == 201, (s, r))
    big = b"a" * (65536 + 1)
    fd, ct = multipart({}, {"file": ("lon.txt", big * 2)})
    s, _ = ed.json("POST", "/api/bulletins", fd, content_type=ct)
    check(s == 413, "oversize multipart: %d" % s)
    s, _ = ed.json("POST", "/api/bulletins", {"text": "a" * 65537})
    check(s == 413, "oversize JSON text: %d" % s)
    fd, ct = multipart({}, {"file": ("lon.txt", big)})
    s, _ = ed.json("POST", "/api/bulletins", fd, content_type=ct)
    check(s == 413, "a file just over max_bytes: %d" % s)
    # chunked, no Content-Length: counted as it comes
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in [fd[i:i + 8192] for i in range(0, len(fd), 8192)]) + b"0\r\n\r\n"
    s, _, _ = ed.request("POST", "/api/bulletins", chunks, headers={"Transfer-Encoding": "chunked", "Content-Type": ct})
    check(s == 413, "oversize chunked: %d" % s)
    for name, body, ctype in [
            ("no boundary", b"--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nTin\r\n--x--\r\n", "multipart/form-data"),
            ("a truncated part", b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nTin", "multipart/form-data; boundary=b"),
            ("garbage", b"\x00\xff" * 100, "multipart/form-data; boundary=b"),
            ("no file nor text", multipart({"title": "x"}, {})[0], multipart({}, {})[1]),
            ("a wrong extension", multipart({}, {"file": ("a.exe", b"MZ")})[0], multipart({}, {})[1]),
            ("malformed JSON", b"{\"text\": ", "application/json"),
            ("JSON not an object", b"[1,2]", "application/json")]:
        s, _ = ed.json("POST", "/api/bulletins", body, content_type=ctype)
        check(s == 400, "%s: %d" % (name, s))
    check(st.health_ok(), "health after the uploads")

    print("== roles: the record of actions, users and the lexicon are not an editor's", file=sys.stderr)
    check(ed.json("GET", "/api/audit")[0] == 403, "editor reads the audit")
    check(ed.json("POST", "/api/lexicon", {"table": "abbr", "key": "QWZ", "spoken": "quy"})[0] == 403, "editor edits")
    check(ap.json("GET", "/api/users")[0] == 403, "approver lists users")
    ad = Client(st)
    check(ad.login("an") == 200, "admin login")
    s, body = ad.json("POST", "/api/lexicon", {"table": "abbr", "key": "QWZ", "spoken": "Không Hợp Lệ 123"})
    check(s == 400 and "spoken form" in body["error"] and "local.tsv:" in body["error"], body)
    s, body = ad.json("POST", "/api/lexicon", {"table": "nope", "key": "QWZ", "spoken": "quy"})
    check(s == 400 and "first column" in body["error"], body)
    check(ad.json("POST", "/api/lexicon", {"table": "abbr", "key": "QWZ", "spoken": "cu vê dét"})[0] == 200, "lexicon set")
    s, lex = ad.json("GET", "/api/lexicon")
    check(["QWZ"] == [r["key"] for r in lex["rows"] if r["spoken"] == "cu vê dét"], lex)
    with open(os.path.join(st.dir, "local.tsv"), encoding="utf-8") as f:
        check("abbr\tQWZ\tcu vê dét\n" in f.read(), "the row in local.tsv")
    s, h, mp3 = ad.request("POST", "/api/speak", {"text": "cu vê dét"})
    check(s == 200 and h["Content-Type"] == "audio/mpeg" and len(mp3) > 500, "speak %d" % s)
    check(ad.json("POST", "/api/lexicon/delete", {"table": "abbr", "key": "nothing"})[0] == 404, "delete none")
    s, body = ad.json("POST", "/api/users", {"name": "moi", "role": "editor", "password": "ngan"})
    check(s == 400, "a short password: %d" % s)
    check(ad.json("POST", "/api/users", {"name": "moi", "role": "editor", "password": "du-dai-roi"})[0] == 201, "user add")
    check(ad.json("POST", "/api/users/moi/delete")[0] == 200, "user remove")
    check(ad.json("POST", "/api/users/moi/delete")[0] == 404, "user remove twice")
    s, a = ad.json("GET", "/api/audit")
    acts = [(r["user"], r["action"], r["target"]) for r in a["actions"]]
    check(("hoa", "approve", bid) in acts and ("hoa", "withdraw", bid) in acts and ("lan", "submit", bid) in acts and
          ("an", "lexicon-set", "abbr\tQWZ") in acts and ("an", "user-added", "moi") in acts, acts[:20])
    check(all("mat-khau" not in json.dumps(r) for r in a["actions"]), "a password in the audit")

    print("== air log and report", file=sys.stderr)
    month = station_today().strftime("%Y-%m")
    s, al = ad.json("GET", "/api/airlog?month=" + month)
    check(s == 200 and al["month"] == month and al["aired"] == [], (s, al))
    check(ad.json("GET", "/api/airlog?month=2026-13")[0] == 400, "bad month")
    s, h, rep = ad.request("GET", "/api/report?month=%s&format=html" % month)
    check(s == 200 and h["Content-Type"].startswith("text/html") and b"<table" in rep, "report %d" % s)
    s, t = ad.json("GET", "/api/today")
    check(s == 200 and t["watch"] is True and isinstance(t["programmes"], list), t)
    s, z = ad.json("GET", "/api/zones")
    check(s == 200 and z["zones"] == [] and z["speakers_configured"] is False, z)

    print("== a login flood: throttled, delays recorded, health answers throughout", file=sys.stderr)
    stop = threading.Event()
    health = []

    def poll_health():
        while not stop.is_set():
            t0 = time.monotonic()
            ok = st.health_ok()
            health.append((ok, time.monotonic() - t0))
            time.sleep(0.05)

    results = []

    def bad_login():
        results.append(Client(st).login("lan", "doan-mo-%d" % threading.get_ident()))

    poller = threading.Thread(target=poll_health)
    poller.start()
    threads = [threading.Thread(target=bad_login) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    results.append(Client(st).login("lan", "lan-nua"))
    stop.set()
    poller.join()
    check(results.count(401) == 41, "flood answers: %r" % results)
    check(health and all(ok for ok, _ in health), "health failed during the flood: %r" % health)
    s, a = ad.json("GET", "/api/audit")
    failed = [r for r in a["actions"] if r["action"] == "login-failed" and r["target"] == "lan"]
    # the first attempt of the flood is checked at once, every later one waits
    check(len(failed) >= 41 and sum(r["detail"] == "delayed" for r in failed[:41]) == 40,
          "delays: %d %r" % (len(failed), [r["detail"] for r in failed]))
    check(ed.json("GET", "/api/me")[0] == 200, "a session made before the flood")
    check(st.alive() and st.health_ok(), "the server after the flood")

    print("== logout ends the session", file=sys.stderr)
    check(ed.json("POST", "/api/logout")[0] == 200, "logout")
    check(ed.json("GET", "/api/me")[0] == 401, "after logout")
    check(st.alive(), "the server is up")


if __name__ == "__main__":
    main()
