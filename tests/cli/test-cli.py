#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""keyshape-cli end to end: the conformance cases through `query`/`scan`/
`get-item`, `keys` on every shared model, native round trips, `validate`
and exit codes. Prints TAP."""

import json
import os
import subprocess
import sys
import tempfile

CLI = os.environ["KS_CLI"]
SHARED = os.environ.get("KS_SHARED_DIR", "")
SRC = os.environ.get("G_TEST_SRCDIR", ".")

results = []


def check(name, ok, detail=""):
    results.append((name, ok, detail))


def run(*args, stdin=None):
    return subprocess.run([CLI, *args], capture_output=True, text=True, input=stdin)


def canon(v):
    return json.dumps(v, sort_keys=True, ensure_ascii=False)


def normalise_sets(v):
    """Set members have no order: sort them, as the expected files do."""
    if isinstance(v, dict):
        if len(v) == 1 and next(iter(v)) in ("SS", "NS", "BS"):
            k = next(iter(v))
            return {k: sorted(v[k])}
        return {k: normalise_sets(x) for k, x in v.items()}
    if isinstance(v, list):
        return [normalise_sets(x) for x in v]
    return v


def key_of(item, names):
    return canon([item.get(n) for n in names])


def compare(op, request, got, want):
    """The conformance README's rules: Query in order modulo items sharing an
    index key; Scan as a set; counts and keys exact."""
    if "error" in want:
        return got.get("message") == want["error"]["message"], f"{got} vs {want['error']}"
    want = normalise_sets(want["response"])
    got = normalise_sets(got)
    if op == "GetItem":
        return canon(got) == canon(want), f"{canon(got)[:300]} vs {canon(want)[:300]}"
    for k in ("Count", "ScannedCount"):
        if got.get(k) != want.get(k):
            return False, f"{k}: {got.get(k)} vs {want.get(k)}"
    if op == "Scan":
        if ("LastEvaluatedKey" in got) != ("LastEvaluatedKey" in want):
            return False, "LastEvaluatedKey presence"
        return sorted(map(canon, got.get("Items", []))) == sorted(map(canon, want.get("Items", []))), "items"
    if canon(got.get("LastEvaluatedKey")) != canon(want.get("LastEvaluatedKey")):
        return False, f"LastEvaluatedKey {got.get('LastEvaluatedKey')} vs {want.get('LastEvaluatedKey')}"
    gi, wi = got.get("Items", []), want.get("Items", [])
    if len(gi) != len(wi):
        return False, f"{len(gi)} items vs {len(wi)}"
    # items sharing the same index key may come in either order: compare
    # runs of equal index keys as sets
    kce = request.get("KeyConditionExpression", "")
    names = request.get("ExpressionAttributeNames", {})
    keys = sorted({names.get(t, t) for t in kce.replace("(", " ").replace(")", " ").replace(",", " ").split()
                   if t.startswith("#") or t.isidentifier() and t.upper() not in ("AND", "BETWEEN", "BEGINS_WITH")})
    i = 0
    while i < len(wi):
        j = i
        while j < len(wi) and key_of(wi[j], keys) == key_of(wi[i], keys):
            j += 1
        if sorted(map(canon, gi[i:j])) != sorted(map(canon, wi[i:j])):
            return False, f"items {i}..{j} differ"
        i = j
    return True, ""


def conformance():
    conf = os.path.join(SHARED, "conformance")
    for name in ("ecommerce", "chat", "saas"):
        model = os.path.join(conf, name + ".model.json")
        requests = json.load(open(os.path.join(conf, name + ".requests.json")))
        expected = json.load(open(os.path.join(conf, name + ".expected.json")))
        for req, want in zip(requests, expected):
            cmd = {"Query": "query", "Scan": "scan", "GetItem": "get-item"}[req["op"]]
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                json.dump(req["request"], f)
            p = run(cmd, model, f.name)
            os.unlink(f.name)
            try:
                got = json.loads(p.stdout)
            except ValueError:
                check(f"conformance {name}: {req['name']}", False, p.stderr)
                continue
            ok, why = compare(req["op"], req["request"], got, want)
            want_exit = 1 if "error" in want else 0
            if p.returncode != want_exit:
                ok, why = False, f"exit {p.returncode}, expected {want_exit}"
            if "error" in want and got.get("__type") != "com.amazon.coral.validate#ValidationException":
                ok, why = False, f"__type {got.get('__type')}"
            check(f"conformance {name}: {req['name']}", ok, why)


def models():
    for root, _, files in os.walk(SHARED):
        for f in sorted(files):
            if not f.endswith(".json") or f.endswith((".requests.json", ".expected.json")) or "harness" in root:
                continue
            path = os.path.join(root, f)
            p = run("keys", path)
            lines = [json.loads(l) for l in p.stdout.splitlines()]
            items = [canon(l["item"]) for l in lines]
            check(f"keys {f}: each item once", p.returncode == 0 and len(items) == len(set(items)),
                  p.stderr)
            with tempfile.TemporaryDirectory() as d:
                native = os.path.join(d, "m.keyshape.json")
                e = run("export", path, "--format", "keyshape", "-o", native)
                q = run("keys", native)
                check(f"keys {f}: same through the native format", e.returncode == 0 and q.stdout == p.stdout)
                again = os.path.join(d, "again.keyshape.json")
                run("export", native, "-o", again)
                check(f"export {f}: re-saving changes no byte",
                      open(native, "rb").read() == open(again, "rb").read())


def exit_codes():
    with tempfile.TemporaryDirectory() as d:
        good = os.path.join(SRC, "..", "data", "templates", "ecommerce.keyshape.json")
        design = json.load(open(good))
        design["entities"][0]["keys"]["PK"] = "CUSTOMER#${customerNumber}"
        bad = os.path.join(d, "bad.keyshape.json")
        json.dump(design, open(bad, "w"))
        p = run("validate", bad)
        check("validate: unknown attribute exits 1 and names it",
              p.returncode == 1 and "template-unknown-attribute" in p.stdout and "customerNumber" in p.stdout,
              p.stdout + p.stderr)
        text = open(good).read()
        cut = os.path.join(d, "cut.keyshape.json")
        open(cut, "w").write(text[: len(text) // 2])
        p = run("validate", cut)
        check("validate: a truncated file is a clear error", p.returncode in (1, 2) and "not valid JSON" in p.stderr
              and "line" in p.stderr, p.stderr)
        p = run("keys", os.path.join(d, "missing.json"))
        check("keys: a missing file exits 2", p.returncode == 2, p.stderr)
        p = run("frobnicate")
        check("an unknown command exits 2", p.returncode == 2)
        p = run("validate", good)
        check("validate: the bundled example has no error", p.returncode == 0, p.stdout)
        p = run("patterns", good)
        check("patterns: the bundled example passes", p.returncode == 0, p.stdout[-2000:])


if SHARED and os.path.isdir(SHARED):
    conformance()
    models()
else:
    print("# KS_SHARED_DIR is missing: conformance and shared models skipped")
exit_codes()

print(f"1..{len(results)}")
for i, (name, ok, detail) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    if not ok and detail:
        for line in str(detail).splitlines()[:10]:
            print(f"# {line}")
sys.exit(0 if all(ok for _, ok, _ in results) else 1)
