"""What the tests under tests/http share: checks, the runner and its output, the CLI,
the server on a loopback port, plain HTTP requests and HTML parsing.

A test file puts tests/lib on sys.path and imports this module. The runner prints
"ok   name" or "FAIL name: reason" per test, then "N passed, N failed" (tests/run-all.sh
reads that line); the exit status is 1 if anything failed.
"""
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback


class Fail(Exception):
    """A check that did not hold; its message is the reason printed."""


def check(cond, msg):
    if not cond:
        raise Fail(msg)


# ---- the runner ------------------------------------------------------------------

class Suite:
    """The tests of one file in the order they are declared, and what they gave.

    crash says how a test that raised something other than Fail is reported: "line"
    (the exception and the line of the test it came from) or "traceback" (the whole
    traceback). With limit, a reason keeps at most that many characters: the start of
    a Fail message, the end of a traceback.
    """

    def __init__(self, crash="line", limit=None):
        self.crash = crash
        self.limit = limit
        self.tests = []
        self.passed = self.failed = 0

    def test(self, name):
        """Decorator: adds the function as the test called name; used bare (@test),
        the test is called as the function."""
        if callable(name):
            self.tests.append((name.__name__, name))
            return name

        def deco(fn):
            self.tests.append((name, fn))
            return fn
        return deco

    def ok(self, name):
        print("ok   %s" % name, flush=True)
        self.passed += 1

    def fail(self, name, reason):
        print("FAIL %s: %s" % (name, reason), flush=True)
        self.failed += 1

    def run(self, name, fn, *args):
        """Runs fn(*args) as the test called name."""
        try:
            fn(*args)
        except Fail as e:
            reason = str(e)
            self.fail(name, reason[:self.limit] if self.limit else reason)
        except Exception as e:
            if self.crash == "traceback":
                reason = traceback.format_exc()
                self.fail(name, reason[-self.limit:] if self.limit else reason)
            else:
                tb = traceback.extract_tb(e.__traceback__)[-1]
                self.fail(name, "%s: %s (line %d)" % (type(e).__name__, e, tb.lineno))
        else:
            self.ok(name)

    def run_all(self, *args, slow=None):
        """Runs every test with args (TEST_ONLY=a,b: only those, while working on
        them); with slow, notes a test that took longer (seconds)."""
        only = [n for n in os.environ.get("TEST_ONLY", "").split(",") if n]
        for name, fn in self.tests:
            if only and name not in only:
                continue
            t0 = time.time()
            self.run(name, fn, *args)
            if slow is not None and time.time() - t0 > slow:
                print("     (slow: %.1f s)" % (time.time() - t0))

    def check_server(self, proc, stops_cleanly=None):
        """Fails "server" if proc exited during the tests. With stops_cleanly (a test
        name), also stops it with SIGTERM: that test passes if it exits with status 0."""
        if proc.poll() is not None:
            self.fail("server", "exited with %s during the tests" % proc.returncode)
        elif stops_cleanly:
            stop(proc)
            if proc.returncode == 0:
                self.ok(stops_cleanly)
            else:
                self.fail("server", "exit status %s after SIGTERM" % proc.returncode)

    def setup_failed(self, reason):
        """Reports a setup that failed before any test ran; returns the exit status."""
        print("FAIL setup: %s" % reason)
        print("0 passed, 1 failed")
        return 1

    def summary(self):
        """Prints the final counts; returns the exit status."""
        print("%d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0


# ---- processes -------------------------------------------------------------------

def run(args, timeout=20, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kw)


def pressroom(binary, db, *args, timeout=20, **kw):
    """Runs `pressroom --db DB ARGS...`; kw goes to subprocess.run (cwd, for one)."""
    return run([binary, "--db", db] + list(args), timeout=timeout, **kw)


def main(env, suite, prefix, doc):
    """The main of a test file taking BUILD_DIR: env set up in a temp dir named
    prefix..., every test of suite run, the summary line, the exit status."""
    if len(sys.argv) != 2:
        sys.exit(doc)
    env.setup(sys.argv[1], prefix)
    try:
        suite.run_all()
    finally:
        env.cleanup()
    sys.exit(suite.summary())


def new_site(env, name, tz="Europe/London"):
    """A new empty site env.tmp/NAME.db (an old one of that name removed) in time zone
    tz; its database's path."""
    db = os.path.join(env.tmp, name + ".db")
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)
    r = pressroom(env.bin, db, "init", timeout=60)
    check(r.returncode == 0, "init: " + r.stderr)
    r = pressroom(env.bin, db, "config", "timezone", tz, timeout=60)
    check(r.returncode == 0, "config: " + r.stderr)
    return db


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_listening(proc, port, seconds=15):
    """Waits until proc accepts connections on 127.0.0.1:port; Fail if it exits or
    does not listen within seconds."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise Fail("server exited with %s" % proc.returncode)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise Fail("server did not start listening")


def stop(proc):
    """Stops proc with SIGTERM, or SIGKILL after 10 s; nothing if it is None or has exited."""
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_for(fn, seconds, step=0.05):
    """Polls fn() until it returns truthy or the time is up; returns the elapsed time or None."""
    t0 = time.time()
    while True:
        if fn():
            return time.time() - t0
        if time.time() - t0 > seconds:
            return None
        time.sleep(step)


class Env:
    """The pressroom of a build, a temp dir with the site database, and the server;
    the tests keep their own state on it too."""

    def __init__(self):
        self.server = None

    def setup(self, build, prefix):
        """Finds pressroom in build and makes the temp dir (its name starts with prefix)."""
        self.bin = os.path.join(os.path.abspath(build), "pressroom")
        self.tmp = tempfile.mkdtemp(prefix=prefix)
        self.db = os.path.join(self.tmp, "site.db")

    def serve(self, threads=None, stderr=None):
        """Starts `pressroom serve --quiet` on 127.0.0.1:self.port as self.server and
        waits up to 15 s until it accepts connections; raises Fail if it exits first or
        does not listen. Its stderr goes to server.err in the temp dir unless given."""
        args = [self.bin, "--db", self.db, "serve", "--listen", "127.0.0.1:%d" % self.port,
                "--quiet"]
        if threads:
            args += ["--threads", str(threads)]
        if stderr is None:
            stderr = open(self.server_err(), "w")
        self.server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=stderr)
        wait_listening(self.server, self.port)

    def server_err(self):
        return os.path.join(self.tmp, "server.err")

    def print_server_err(self):
        """Prints the end of what the server wrote on stderr, if anything."""
        try:
            with open(self.server_err()) as f:
                err = f.read()
        except OSError:
            return
        if err:
            print("server stderr:\n" + err[-2000:])

    def cleanup(self):
        """Stops the server and removes the temp dir."""
        stop(self.server)
        shutil.rmtree(self.tmp, ignore_errors=True)


# ---- HTTP and HTML ---------------------------------------------------------------

class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers      # list of (name, value)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_named(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8")


def get(port, path, headers=None, method="GET", timeout=15, body=None):
    """One request to 127.0.0.1:port on a fresh connection."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        body = r.read()
        return Resp(r.status, r.getheaders(), body)
    finally:
        c.close()


# html5lib is imported only where it is used: not every test file needs it.

def strict_html(body):
    """Strict HTML5 parse; raises on any parse error."""
    import html5lib
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(body)


def loose_html(body):
    import html5lib
    return html5lib.HTMLParser(namespaceHTMLElements=False).parse(body)


def text_of(el):
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()
