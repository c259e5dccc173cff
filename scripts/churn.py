#!/usr/bin/env python3
"""Clients that come and go, for scripts/soak.sh: a station's worst hour, on loopback, for a fixed time.

Usage: churn.py PORT SECONDS MP3_FILE SOURCE_PASSWORD

Runs at once, each on its own thread, until SECONDS have passed:
  - two threads of listeners on /live that read 1-40 kB (with and without ICY metadata) and leave, half of them with
    a reset instead of a close;
  - a DJ that connects to /dj, sends 64 kB of MP3, stays 1 s and leaves, again and again, while five listeners on /dj
    stay (they hear silence in between, so /dj is not removed while they are there);
  - a source that connects to a new mount name each time (/try-N), sends 64 kB and leaves;
  - 20 requests a second of random bytes;
  - a listener that never reads (it is dropped once its queue or the listener timeout runs out).
Prints what it did as one JSON line: what succeeded, kind by kind, and under "errors" what failed, by the same kinds
(a refused SOURCE login, a listener cut off...), so that the caller can tell churn that ran from churn that was refused.
Talks to 127.0.0.1 only.
"""
import base64
import json
import random
import socket
import struct
import sys
import threading
import time

PORT = int(sys.argv[1])
END = time.time() + float(sys.argv[2])
AUDIO = open(sys.argv[3], 'rb').read()[:64000]
AUTH = base64.b64encode(('source:' + sys.argv[4]).encode()).decode()
KINDS = ('listeners', 'dj_sets', 'dj_listeners', 'new_mounts', 'garbage', 'stalled')
counts = dict.fromkeys(KINDS, 0)
counts['errors'] = dict.fromkeys(KINDS, 0)
lock = threading.Lock()


def count(what):
    with lock:
        counts[what] += 1


def error(what):
    with lock:
        counts['errors'][what] += 1


def connect():
    client = socket.create_connection(('127.0.0.1', PORT))
    client.settimeout(5)
    return client


def source(mount, hold):
    client = connect()
    client.sendall(('SOURCE %s HTTP/1.0\r\nAuthorization: Basic %s\r\nContent-Type: audio/mpeg\r\n\r\n'
                    % (mount, AUTH)).encode())
    if not client.recv(100).startswith(b'HTTP/1.0 200'):
        raise IOError('source refused on ' + mount)
    client.sendall(AUDIO)
    time.sleep(hold)
    client.close()


def listeners():
    while time.time() < END:
        try:
            client = connect()
            metadata = b'Icy-MetaData: 1\r\n' if random.random() < 0.5 else b''
            client.sendall(b'GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\n' + metadata + b'\r\n')
            wanted, got = random.randint(1000, 40000), 0
            while got < wanted:
                data = client.recv(8192)
                if not data:
                    break
                got += len(data)
            if random.random() < 0.5:
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
            client.close()
            count('listeners')
        except OSError:
            error('listeners')


def dj():
    while time.time() < END:
        try:
            source('/dj', 1.0)
            count('dj_sets')
        except OSError:
            error('dj_sets')
        time.sleep(0.5)


def dj_listeners():
    staying = []
    while len(staying) < 5 and time.time() < END:
        try:
            client = connect()
            client.sendall(b'GET /dj HTTP/1.0\r\n\r\n')
            if client.recv(20).startswith(b'HTTP/1.0 200'):
                client.setblocking(False)
                staying.append(client)
                count('dj_listeners')
            else:
                # /dj is not there before the DJ's first set: try again.
                client.close()
        except OSError:
            error('dj_listeners')
        time.sleep(0.2)
    while time.time() < END:
        for client in list(staying):
            try:
                if client.recv(65536):
                    continue
            except BlockingIOError:
                continue
            except OSError:
                pass
            # Closed or reset by the server: counted once, not at every turn.
            error('dj_listeners')
            staying.remove(client)
            client.close()
        time.sleep(0.1)
    for client in staying:
        client.close()


def new_mounts():
    n = 0
    while time.time() < END:
        try:
            source('/try-%d' % n, 0)
            count('new_mounts')
        except OSError:
            error('new_mounts')
        n += 1
        time.sleep(0.1)


def garbage():
    while time.time() < END:
        try:
            client = connect()
            client.sendall(random.randbytes(300))
            client.close()
            count('garbage')
        except OSError:
            error('garbage')
        time.sleep(0.05)


def stalled():
    while time.time() < END:
        try:
            client = connect()
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            client.sendall(b'GET /live HTTP/1.0\r\n\r\n')
            count('stalled')
            time.sleep(min(30, max(0, END - time.time())))
            client.close()
        except OSError:
            error('stalled')


threads = [threading.Thread(target=work) for work in (listeners, listeners, dj, dj_listeners, new_mounts, garbage, stalled)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps(counts))
