#!/usr/bin/env python3
"""Times `archlint lsp` as an editor sees it (docs/lsp.md): didChange -> publishDiagnostics on
a design (one-character incremental changes, then whole-text changes), and a 64 MiB document's
didOpen -> its one diagnostic, then a hover on it.

    python3 bench/lsp/latency.py target/release/archlint DESIGN.json

DESIGN.json: e.g. a generated design (`archlint_core::gen::design(300, 1)`, 104 KB). The
client is this script (Python's json is C code, so it adds little); run-to-run noise on a busy
machine is several ms.
"""
import json
import queue
import subprocess
import sys
import threading
import time


class Server:
    def __init__(self, exe):
        self.p = subprocess.Popen([exe, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.q = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.request(1, "initialize", {"capabilities": {}})
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def _read(self):
        f = self.p.stdout
        while True:
            n = None
            while True:
                line = f.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    n = int(line.split(b":")[1])
            self.q.put(json.loads(f.read(n)))

    def send(self, m):
        b = json.dumps(m).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(b) + b)
        self.p.stdin.flush()

    def wait(self, pred):
        while True:
            m = self.q.get(timeout=120)
            if pred(m):
                return m

    def request(self, i, method, params):
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == i and "method" not in m)

    def diagnostics(self, uri, version=None):
        return self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri
            and (version is None or m["params"].get("version") == version)
        )

    def close(self):
        self.request(99, "shutdown", None)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        return self.p.wait()


def changes(exe, text):
    s = Server(exe)
    uri = "file:///nowhere/design.json"
    s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}})
    s.diagnostics(uri, 1)
    v = 1
    for mode in ("incremental", "full"):
        times = []
        for _ in range(30):
            v += 1
            if mode == "full":
                ch = [{"text": text.replace('"archlint": 1', '"archlint": 1, "name": "v%d"' % v, 1)}]
            else:
                ch = [{"range": {"start": {"line": 0, "character": 1}, "end": {"line": 0, "character": 1}}, "text": " "}]
            t0 = time.perf_counter()
            s.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                    "params": {"textDocument": {"uri": uri, "version": v}, "contentChanges": ch}})
            s.diagnostics(uri, v)
            times.append(time.perf_counter() - t0)
            time.sleep(0.05)
        times.sort()
        print(f"didChange -> publishDiagnostics, {len(text.encode())} bytes, {mode}: median {times[15] * 1000:.1f} ms, "
              f"min {times[0] * 1000:.1f}, max {times[-1] * 1000:.1f} (30 changes; includes the 30 ms debounce)")
    s.close()


def huge(exe):
    s = Server(exe)
    uri = "file:///nowhere/big.json"
    text = '{ "archlint": 1, "name": "' + "x" * (64 * 1024 * 1024) + '" }'
    body = json.dumps({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                       "params": {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}}).encode()
    t0 = time.perf_counter()
    s.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    s.p.stdin.flush()
    t1 = time.perf_counter()
    d = s.diagnostics(uri)
    t2 = time.perf_counter()
    s.request(5, "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 3}})
    t3 = time.perf_counter()
    print(f"64 MiB didOpen: written in {(t1 - t0) * 1000:.0f} ms; its diagnostic {(t2 - t0) * 1000:.0f} ms after the "
          f"first byte ({d['params']['diagnostics'][0]['message']}); a hover then {(t3 - t2) * 1000:.1f} ms")
    assert s.close() == 0


if __name__ == "__main__":
    exe, design = sys.argv[1], sys.argv[2]
    changes(exe, open(design, encoding="utf-8").read())
    huge(exe)
