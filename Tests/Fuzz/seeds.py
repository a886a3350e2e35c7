#!/usr/bin/env python3
"""Write small valid seed inputs for each fuzz target into OUT/<target>/ (never the real dataset).

usage: seeds.py OUT target...
"""
import gzip, json, os, struct, sys

LESSON = """---
id: chain-rule
title: "The chain rule"
stage: chain-rule
requires: [intro, 'gradients']
summary: Derivatives of compositions.
hints:
  - multiply the local derivatives
  - "check with finite differences"
---

# The chain rule

If $y = f(g(x))$ then $\\frac{dy}{dx} = f'(g(x)) g'(x)$, and a \\$ sign stays a dollar.

- first item with `code | pipe`
  continued here
* second item
1. ordered
2. list

| layer | shape | cost $n^2$ |
|:------|------:|-----|
| dense | `3×4` | $a|b$ |
| relu  |

$$ \\sum_i x_i $$

$$
\\frac{\\partial L}{\\partial W}
= \\delta x^T
$$

```swift
let x = 1.0
```

````swift include="Sources/Stages/ChainRule.swift#chain-rule"
````

::: run forward

::: hint
Try the identity first.
:::

## Next
"""

MINIMAL = "---\nid: a\ntitle: A\nstage: chain-rule\n---\nText.\n"


def idx(dims, payload):
    return bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">I", d) for d in dims) + bytes(payload)


def safetensors(tensors, metadata):
    header, data = {}, b""
    for name, (dtype, shape, raw) in sorted(tensors.items()):
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


def seeds(target):
    images = idx([3, 4, 4], [(i * 37) % 256 for i in range(48)])
    labels = idx([3], [0, 9, 4])
    if target == "lesson":
        # The first byte chooses the harness mode (odd: with a stage registry).
        return {"full-registry": b"\x01" + LESSON.encode(), "full": b"\x00" + LESSON.encode(),
                "minimal": b"\x01" + MINIMAL.encode(), "crlf": b"\x00" + MINIMAL.replace("\n", "\r\n").encode()}
    if target == "render":
        return {"full": LESSON.encode(), "minimal": MINIMAL.encode(),
                "escapes": MINIMAL.replace("---\n\n", "---\n\nBody \x1b[2J \x1b]0;t\x07 \xc2\x9b $x^{y_{z}}$\n\n").encode()}
    if target == "include":
        return {name: ref.encode() for name, ref in {
            "region": "Sources/A.swift#a", "nested": "Sources/A.swift#b", "crlf": "Sources/CRLF.swift#c",
            "inside-link": "Sources/inside.swift#a", "outside-link": "Sources/out.swift#r", "up": "Sources/up/secret.swift",
            "dotdot": "../secret.swift", "fifo": "Sources/pipe.swift", "dir": "Sources/dir", "absolute": "/etc/passwd"}.items()}
    if target == "idx":
        return {"images.idx": images, "labels.idx": labels, "images.idx.gz": gzip.compress(images, mtime=0),
                "labels.idx.gz": gzip.compress(labels, mtime=0),
                "two-members.gz": gzip.compress(images[:20], mtime=0) + gzip.compress(images[20:], mtime=0)}
    if target == "gzip":
        return {"text.gz": gzip.compress(LESSON.encode(), mtime=0), "empty.gz": gzip.compress(b"", mtime=0),
                "zeros.gz": gzip.compress(bytes(3000), mtime=0), "idx.gz": gzip.compress(images, mtime=0),
                "two-members.gz": gzip.compress(b"ab", mtime=0) + gzip.compress(b"cd", mtime=0),
                "padded.gz": gzip.compress(b"padded", mtime=0) + bytes(8)}
    if target == "safetensors":
        weight = struct.pack("<6f", 0.5, -1.0, 2.0, 0.0, 3.25, -0.125)
        bias = struct.pack("<2d", 0.1, -0.2)
        return {"two-tensors.safetensors": safetensors({"dense1.weight": ("F32", [2, 3], weight),
                                                        "dense1.bias": ("F64", [2], bias)},
                                                       {"architecture": "784-128-10", "activation": "relu"}),
                "scalar.safetensors": safetensors({"step": ("I64", [], struct.pack("<q", 7))}, None),
                "empty-tensor.safetensors": safetensors({"e": ("U8", [0, 4], b""), "b": ("BOOL", [1], b"\x01")}, {}),
                "empty.safetensors": safetensors({}, None)}
    if target == "progress":
        full = {"version": 1, "records": {
            "chain-rule": {"status": "passed", "lastRun": "2026-01-02T03:04:05Z", "hintsShown": 2},
            "softmax": {"status": "failed", "lastRun": "2025-12-31T23:59:59Z", "hintsShown": 0}}}
        return {"full.json": json.dumps(full, indent=2, sort_keys=True).encode(),
                "empty-records.json": b'{"version":1,"records":{}}',
                "no-hints.json": b'{"records":{"a":{"status":"not run","lastRun":"2026-01-01T00:00:00Z"}},"version":1}'}
    if target == "arguments":
        lists = {"run-mine": ["3", "--mine", "--quick"], "interval": ["--interval", "0.5", "softmax"],
                 "inline": ["--interval=2", "--course=/tmp/course"], "help": ["-h"], "double-dash": ["--", "--quick", "-x"],
                 "negative": ["-1.5", "--output", "out"], "unknown": ["--nope"], "missing-value": ["--course"],
                 "dash": ["-"], "flag-value": ["--mine=yes"]}
        return {name: b"\x00".join(a.encode() for a in args) for name, args in lists.items()}
    raise SystemExit(f"seeds.py: unknown target {target}")


def main():
    out, targets = sys.argv[1], sys.argv[2:]
    for target in targets:
        directory = os.path.join(out, target)
        os.makedirs(directory, exist_ok=True)
        for name, data in seeds(target).items():
            with open(os.path.join(directory, name), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
