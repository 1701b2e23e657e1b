"""A fork server for the test oracles (tests/helpers/python.ts is its client; `deno task test` starts it).

Importing PyTorch takes seconds and the suite runs a few hundred oracle scripts: this process imports NumPy and
PyTorch once, then forks a child per request that runs the request's script as `python3 <args>` would, on a copy of
this process (so each run starts from a fresh interpreter's state, with the imports already done). The parent never
runs an op, so no thread pool exists to be broken by the fork.

Request (one connection each): a JSON line {"args": [...]} then the script's stdin
until the client closes its side. Reply: a JSON line {"code": exit status, "stderr": text} then the script's stdout.
"""
import io
import json
import os
import random
import runpy
import socketserver
import sys
import traceback

import numpy  # noqa: F401  (imported for the children)
import torch  # noqa: F401


def run(args, stdin):
    """Runs `python3 <args>` here with `stdin`; returns (exit status, stdout bytes, stderr text)."""
    out, err = io.BytesIO(), io.StringIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = err
    code = 0
    try:
        if args[0] == "-c":
            sys.argv = ["-c", *args[2:]]
            exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})
        else:
            sys.argv = list(args)
            sys.path.insert(0, os.path.dirname(os.path.abspath(args[0])))
            runpy.run_path(args[0], run_name="__main__")
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        if not isinstance(e.code, int) and e.code is not None:
            print(e.code, file=err)
    except BaseException:  # noqa: BLE001  (reported as python3 would, exit status 1)
        traceback.print_exc(file=err)
        code = 1
    sys.stdout.flush()
    return code, out.getvalue(), err.getvalue()


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        # a fresh interpreter seeds these from the OS; a forked copy would repeat the parent's state in every run
        random.seed()
        numpy.random.seed()
        req = json.loads(self.rfile.readline())
        stdin = self.rfile.read()
        code, stdout, stderr = run(req["args"], stdin)
        self.wfile.write(json.dumps({"code": code, "stderr": stderr}).encode() + b"\n" + stdout)
        self.wfile.flush()


class Server(socketserver.ForkingMixIn, socketserver.UnixStreamServer):
    max_children = 64
    # connections queue while the server is busy forking (run_tests.ts waits for the socket file, then starts)
    request_queue_size = 64


if __name__ == "__main__":
    with Server(sys.argv[1], Handler) as server:
        server.serve_forever()
